//go:build unix && !linux

package testenv

import "syscall"

// sysProcAttr puts the server into its own process group so the whole group
// can be signalled. (Pdeathsig is Linux-only.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

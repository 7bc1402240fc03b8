//go:build linux

package testenv

import "syscall"

// sysProcAttr puts the server into its own process group (so the whole group
// can be signalled) and asks the kernel to SIGKILL it should the test binary
// die without running its cleanups (panic, timeout, os.Exit).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

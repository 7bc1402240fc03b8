//go:build linux

package main

import "syscall"

// devSysProcAttr puts a child in its own process group (so stopping it
// stops what it started) and has the kernel SIGKILL it if dredge dev dies
// without stopping it.
func devSysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

//go:build unix

package main

import "syscall"

// signalGroup signals a child's whole process group.
func signalGroup(pid int, sig syscall.Signal) {
	syscall.Kill(-pid, sig)
}

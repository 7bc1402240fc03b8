package testenv

import (
	"os"
	"testing"
	"time"
)

func TestZZCrash(t *testing.T) {
	if os.Getenv("ZZ_CRASH") == "" {
		t.Skip()
	}
	StartRedis(t, WithAOF())
	StartMinIO(t)
	StartMoto(t)
	go func() { time.Sleep(time.Hour) }()
	time.Sleep(time.Hour)
}

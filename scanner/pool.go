package scanner

import (
	"context"
	"fmt"
	"sync"
)

// ScanAll scans every object that walk yields on workers goroutines and
// calls done with each result in walk order. Objects larger than maxSize
// (if > 0) are reported skipped without being read.
func (s *Scanner) ScanAll(ctx context.Context, workers int, maxSize int64, walk func(func(Object) error) error, done func(*Result)) error {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		obj Object
		out chan *Result
	}
	jobs := make(chan job)
	order := make(chan chan *Result, workers*4)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var r Result
				if maxSize > 0 && j.obj.Size > maxSize {
					r = Result{Object: j.obj.Name, Size: j.obj.Size, ETag: j.obj.ETag, Status: Skipped,
						Reason: fmt.Sprintf("larger than the size limit (%d bytes)", maxSize), Findings: []Finding{}}
				} else {
					r = s.Scan(ctx, j.obj)
				}
				j.out <- &r
			}
		}()
	}
	printed := make(chan struct{})
	go func() {
		defer close(printed)
		for ch := range order {
			done(<-ch)
		}
	}()
	err := walk(func(o Object) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ch := make(chan *Result, 1)
		order <- ch
		select {
		case jobs <- job{o, ch}:
			return nil
		case <-ctx.Done():
			ch <- &Result{Object: o.Name, Status: Error, Reason: "scan cancelled", Findings: []Finding{}}
			return ctx.Err()
		}
	})
	close(jobs)
	wg.Wait()
	close(order)
	<-printed
	return err
}

package main

import (
	"context"
	"slices"

	"github.com/dredge-dev/dredge/scanner"
)

// hasS3 reports whether any path is an s3:// location.
func hasS3(paths []string) bool { return slices.ContainsFunc(paths, scanner.IsS3URL) }

// scanWalk returns the walk of `dredge scan` over paths: local files and
// folders, or s3://bucket[/prefix] locations (listed page by page and
// streamed, in-process, without Redis), and a function that fixes up the
// results of objects that could not be read (archived storage classes
// are skipped, access denied says so). Local paths and s3:// locations
// can't be mixed.
func scanWalk(ctx context.Context, paths []string, filter scanner.Filter) (func(func(scanner.Object) error) error, func(*scanner.Result), error) {
	if !hasS3(paths) {
		return func(fn func(scanner.Object) error) error { return scanner.WalkLocal(ctx, paths, filter, fn) }, nil, nil
	}
	for _, p := range paths {
		if !scanner.IsS3URL(p) {
			return nil, nil, usageErr("%s: s3:// locations and local paths can't be scanned together", p)
		}
		if _, _, err := scanner.ParseS3URL(p); err != nil {
			return nil, nil, usageErr("%v", err)
		}
	}
	src, err := scanner.NewS3Source(scanner.S3ConfigFromEnv())
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	w := &scanner.S3Walker{Src: src, Filter: filter}
	return func(fn func(scanner.Object) error) error { return w.Walk(ctx, paths, fn) }, w.Adjust, nil
}

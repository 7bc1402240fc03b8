package scanner

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Filter selects objects by name and size.
type Filter struct {
	Include []string // globs; an object must match one if any are given
	Exclude []string // globs; an object matching one is left out
	MaxSize int64    // larger objects are reported skipped (0: no limit)
}

// Match reports whether name passes the include and exclude globs. A glob
// matches the whole name or its base name; `**/` spans folders.
func (f Filter) Match(name string) bool {
	if len(f.Include) > 0 && !anyGlob(f.Include, name) {
		return false
	}
	return !anyGlob(f.Exclude, name)
}

func anyGlob(globs []string, name string) bool {
	name = filepath.ToSlash(name)
	base := filepath.Base(name)
	for _, g := range globs {
		g = filepath.ToSlash(g)
		if ok, _ := filepath.Match(g, name); ok {
			return true
		}
		if ok, _ := filepath.Match(g, base); ok {
			return true
		}
		if rest, ok := strings.CutPrefix(g, "**/"); ok {
			parts := strings.Split(name, "/")
			for i := range parts {
				if ok, _ := filepath.Match(rest, strings.Join(parts[i:], "/")); ok {
					return true
				}
			}
		}
		if strings.HasSuffix(g, "/**") && strings.HasPrefix(name, strings.TrimSuffix(g, "**")) {
			return true
		}
	}
	return false
}

// WalkLocal calls fn for every regular file under roots (files or
// folders), in lexical order. Symbolic links are followed only when they
// resolve inside the root being walked, so a scan never leaves the tree it
// was given. Unreadable entries are passed to fn as objects whose Open
// fails, so they show up as errors rather than vanish.
func WalkLocal(ctx context.Context, roots []string, f Filter, fn func(Object) error) error {
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			return fmt.Errorf("scanning %s: %w", root, err)
		}
		if !st.IsDir() {
			obj, err := LocalObject(root)
			if err != nil {
				return err
			}
			if err := fn(obj); err != nil {
				return err
			}
			continue
		}
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			return fmt.Errorf("scanning %s: %w", root, err)
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, werr error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if werr != nil {
				return fn(brokenObject(p, werr))
			}
			if d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			if !f.Match(rel) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := filepath.EvalSymlinks(p)
				if err != nil || !within(realRoot, target) {
					return nil
				}
				if st, err := os.Stat(target); err != nil || !st.Mode().IsRegular() {
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			obj, err := LocalObject(p)
			if err != nil {
				obj = brokenObject(p, err)
			}
			return fn(obj)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func brokenObject(p string, err error) Object {
	return Object{Name: p, Open: func(context.Context) (io.ReadCloser, error) { return nil, err }}
}

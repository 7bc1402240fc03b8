module github.com/dredge-dev/dredge

go 1.26.8

require (
	github.com/spf13/cobra v1.10.2
	github.com/wasilibs/go-re2 v1.13.0
	golang.org/x/term v0.48.0
	golang.org/x/text v0.44.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	golang.org/x/sys v0.50.0 // indirect
)

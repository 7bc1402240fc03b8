package report

import "github.com/dredge-dev/dredge/scanner"

func scannerS3Config() scanner.S3Config { return scanner.S3Config{} }

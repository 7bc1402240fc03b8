package main

import (
	"bytes"
	"debug/elf"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dredge-dev/dredge/config"
	"github.com/dredge-dev/dredge/queue"
)

// checkCommand fails unless args is a runnable dredge command whose flags
// all exist and whose positional arguments it accepts.
func checkCommand(t *testing.T, where string, args []string) {
	t.Helper()
	root := newRoot()
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root || !cmd.Runnable() {
		t.Errorf("%s: %q is not a dredge command (%v)", where, strings.Join(args, " "), err)
		return
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("%s: dredge %s: %v", where, strings.Join(args, " "), err)
		return
	}
	if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
		t.Errorf("%s: dredge %s: %v", where, strings.Join(args, " "), err)
	}
}

// knownEnv are the DREDGE_* variables dredge reads.
func knownEnv() map[string]bool {
	m := map[string]bool{"DREDGE_CONFIG": true, "DREDGE_FINGERPRINT_KEY": true, "DREDGE_MINIO_BIN": true}
	for _, s := range (&config.Config{}).Settings() {
		m[s.Env] = true
	}
	return m
}

func checkEnv(t *testing.T, where string, names []string) {
	t.Helper()
	known := knownEnv()
	for _, n := range names {
		if strings.HasPrefix(n, "DREDGE_") && !known[n] {
			t.Errorf("%s: environment variable %s is not read by dredge", where, n)
		}
	}
}

func strs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, x := range l {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case int:
			out = append(out, strconv.Itoa(x))
		}
	}
	return out
}

func checkConfigFile(t *testing.T, where string, body []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dredge.yaml")
	os.WriteFile(p, body, 0o600)
	if _, err := config.Load(p); err != nil {
		t.Errorf("%s: %v", where, err)
	}
	if _, err := loadSchedules(p); err != nil {
		t.Errorf("%s: %v", where, err)
	}
}

// TestComposeFile checks docker-compose.yml against the binary: every
// dredge command and flag it uses exists, every DREDGE_ variable is read,
// the worker can be scaled, Redis has AOF and a healthcheck, MinIO has a
// healthcheck, a KMS key and the webhook to dredge serve, and an init
// service makes the buckets and the notification. Then `docker-compose
// config` (Debian's docker-compose; required under CI=true) validates it.
func TestComposeFile(t *testing.T) {
	data, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services map[string]map[string]any `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	dredgeSvcs := map[string][]string{}
	for name, svc := range doc.Services {
		img, _ := svc["image"].(string)
		if !strings.HasPrefix(img, "dredge") {
			continue
		}
		args := strs(svc["command"])
		dredgeSvcs[args[0]] = append(dredgeSvcs[args[0]], name)
		checkCommand(t, "docker-compose.yml service "+name, args)
		env, _ := svc["environment"].(map[string]any)
		var names []string
		for k := range env {
			names = append(names, k)
		}
		checkEnv(t, "docker-compose.yml service "+name, names)
	}
	for _, want := range []string{"worker", "schedule", "serve"} {
		if len(dredgeSvcs[want]) != 1 {
			t.Errorf("docker-compose.yml: want one service running `dredge %s`, have %v", want, dredgeSvcs[want])
		}
	}
	w := doc.Services["worker"]
	if w["container_name"] != nil || w["ports"] != nil {
		t.Error("docker-compose.yml: the worker has a container name or host ports: --scale worker=N would fail")
	}
	redis := doc.Services["redis"]
	if !slices.Contains(strs(redis["command"]), "--appendonly") || redis["healthcheck"] == nil {
		t.Error("docker-compose.yml: redis needs AOF and a healthcheck")
	}
	minio := doc.Services["minio"]
	menv, _ := minio["environment"].(map[string]any)
	if minio["healthcheck"] == nil || menv["MINIO_KMS_SECRET_KEY"] == nil ||
		!strings.Contains(menv["MINIO_NOTIFY_WEBHOOK_ENDPOINT_DREDGE"].(string), "serve:8080/events/s3") {
		t.Error("docker-compose.yml: minio needs a healthcheck, a KMS key and the webhook to dredge serve")
	}
	init := strings.Join(strs(doc.Services["init"]["command"]), "\n")
	for _, want := range []string{"mc mb", "dredge-results", "mc event add", "arn:minio:sqs::DREDGE:webhook"} {
		if !strings.Contains(init, want) {
			t.Errorf("docker-compose.yml: the init service does not %q", want)
		}
	}
	cfg, err := os.ReadFile("../../deploy/compose/dredge.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checkConfigFile(t, "deploy/compose/dredge.yaml", cfg)

	bin, err := exec.LookPath("docker-compose")
	if err != nil {
		msg := "docker-compose not found: run scripts/install-deps.sh (Debian package docker-compose)"
		if v, _ := strconv.ParseBool(os.Getenv("CI")); v {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c := exec.Command(bin, "-f", "docker-compose.yml", "config", "-q")
	c.Dir = "../.."
	c.Env = append(os.Environ(), "MINIO_ROOT_USER=u", "MINIO_ROOT_PASSWORD=p", "MINIO_KMS_SECRET_KEY=k:AAAA",
		"DREDGE_EVENTS_TOKEN=e", "DREDGE_API_TOKENS=a", "DREDGE_FINGERPRINT_KEY=f")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	// Without the secrets it refuses to start (no default secrets).
	c = exec.Command(bin, "-f", "docker-compose.yml", "config", "-q")
	c.Dir = "../.."
	c.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	if out, err := c.CombinedOutput(); err == nil {
		t.Errorf("docker-compose config without secrets succeeded:\n%s", out)
	}
}

type k8sContainer struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name string `yaml:"name"`
	} `yaml:"env"`
}

type k8sDoc struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		Template struct {
			Spec struct {
				Containers []k8sContainer `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
		ScaleTargetRef struct {
			Name string `yaml:"name"`
		} `yaml:"scaleTargetRef"`
		Triggers []struct {
			Type     string            `yaml:"type"`
			Metadata map[string]string `yaml:"metadata"`
		} `yaml:"triggers"`
	} `yaml:"spec"`
}

// TestKubernetesManifests parses deploy/kubernetes/: the worker, scheduler
// and serve Deployments run existing dredge commands with existing flags,
// the config map is a valid config, and the KEDA ScaledObject scales the
// worker Deployment on the pending list of every queue a worker serves.
func TestKubernetesManifests(t *testing.T) {
	files, _ := filepath.Glob("../../deploy/kubernetes/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests in deploy/kubernetes/")
	}
	deployments := map[string]string{} // name -> dredge subcommand
	var scaled []k8sDoc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var d k8sDoc
			if err := dec.Decode(&d); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			where := filepath.Base(f) + " " + d.Kind + "/" + d.Metadata.Name
			switch d.Kind {
			case "Deployment":
				for _, c := range d.Spec.Template.Spec.Containers {
					if !strings.HasPrefix(c.Image, "dredge") {
						continue
					}
					args := c.Args
					if len(c.Command) > 0 {
						if filepath.Base(c.Command[0]) != "dredge" {
							t.Errorf("%s: command %v is not dredge", where, c.Command)
						}
						args = append(slices.Clone(c.Command[1:]), c.Args...)
					}
					checkCommand(t, where, args)
					deployments[d.Metadata.Name] = args[0]
					var names []string
					for _, e := range c.Env {
						names = append(names, e.Name)
					}
					checkEnv(t, where, names)
				}
			case "ConfigMap":
				if body, ok := d.Data["dredge.yaml"]; ok {
					checkConfigFile(t, where, []byte(body))
				}
			case "Secret":
				var s struct {
					StringData map[string]string `yaml:"stringData"`
				}
				yaml.Unmarshal(data, &s)
				var names []string
				for k := range s.StringData {
					names = append(names, k)
				}
				checkEnv(t, where, names)
			case "ScaledObject":
				scaled = append(scaled, d)
			}
		}
	}
	for _, want := range []string{"worker", "schedule", "serve"} {
		found := false
		for _, sub := range deployments {
			found = found || sub == want
		}
		if !found {
			t.Errorf("deploy/kubernetes: no Deployment runs `dredge %s`", want)
		}
	}
	if len(scaled) != 1 {
		t.Fatalf("deploy/kubernetes: want one KEDA ScaledObject, have %d", len(scaled))
	}
	so := scaled[0]
	if deployments[so.Spec.ScaleTargetRef.Name] != "worker" {
		t.Errorf("ScaledObject scales %q, which is not the worker Deployment", so.Spec.ScaleTargetRef.Name)
	}
	lists := map[string]bool{}
	for _, tr := range so.Spec.Triggers {
		if tr.Type == "redis" {
			lists[tr.Metadata["listName"]] = true
		}
	}
	for q := range queue.DefaultQueues {
		// asynq keeps a queue's pending tasks in the list asynq:{<queue>}:pending.
		if !lists["asynq:{"+q+"}:pending"] {
			t.Errorf("ScaledObject: no trigger on queue %s (listName asynq:{%s}:pending)", q, q)
		}
	}
}

// TestDockerfile: multi-stage, the Go version of go.mod, a static
// (CGO_ENABLED=0) binary on a minimal base as a non-root user; and such a
// build of this module really is static (no ELF interpreter) and runs.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := ""
	for _, l := range strings.Split(string(gomod), "\n") {
		if v, ok := strings.CutPrefix(l, "go "); ok {
			goVersion = strings.TrimSpace(v)
		}
	}
	df := string(data)
	var froms []string
	for _, l := range strings.Split(df, "\n") {
		if f, ok := strings.CutPrefix(l, "FROM "); ok {
			froms = append(froms, f)
		}
	}
	if len(froms) != 2 || !strings.HasPrefix(froms[0], "golang:"+goVersion) ||
		!strings.Contains(froms[1], "distroless/static") || !strings.Contains(froms[1], "nonroot") {
		t.Errorf("Dockerfile stages %v: want golang:%s then distroless static nonroot", froms, goVersion)
	}
	for _, want := range []string{"CGO_ENABLED=0", "USER 65532:65532", `ENTRYPOINT ["/usr/local/bin/dredge"]`, "go build", "./cmd/dredge"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	// The same code builds without cgo: no package outside the standard
	// library has cgo files (they would be left out of the image's build).
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf("packages with cgo code (dropped by CGO_ENABLED=0): %s", s)
	}
	list := exec.Command("go", "list", "-deps", ".")
	list.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := list.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go list: %v\n%s", err, out)
	}
	// The build itself recompiles much of the tree without cgo (minutes on
	// a loaded 2-core machine): DREDGE_TEST_STATIC=1 runs it.
	if os.Getenv("DREDGE_TEST_STATIC") != "1" {
		t.Log("DREDGE_TEST_STATIC=1 also builds the static binary and checks it")
		return
	}
	bin := filepath.Join(t.TempDir(), "dredge")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the CGO_ENABLED=0 binary has an ELF interpreter: not static")
		}
	}
	if out, err := exec.Command(bin, "--help").CombinedOutput(); err != nil || !strings.Contains(string(out), "worker") {
		t.Errorf("static binary --help: %v\n%s", err, out)
	}
}

package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/robfig/cron/v3"

	"github.com/dredge-dev/dredge/scanner"
)

// ScheduleSpec is one scheduled sweep, as the config file gives it:
// Macie-style frequency (daily, weekly, monthly at a time of day) or a
// cron spec.
//
//	schedules:
//	  - name: nightly-logs
//	    location: s3://logs/app/
//	    frequency: daily        # daily | weekly | monthly
//	    time: "02:30"           # default 00:00
//	    day_of_week: monday     # weekly
//	    day_of_month: 31        # monthly; the last day in shorter months
//	    timezone: Europe/Paris  # default UTC
//	    # or instead of frequency: cron: "0 30 2 * * *" (seconds optional)
//	    scope: {include_extensions: [csv, json], max_size: 104857600}
type ScheduleSpec struct {
	Name       string `yaml:"name"`
	Location   string `yaml:"location"`
	Frequency  string `yaml:"frequency"`
	Time       string `yaml:"time"`
	DayOfWeek  string `yaml:"day_of_week"`
	DayOfMonth int    `yaml:"day_of_month"`
	Cron       string `yaml:"cron"`
	Timezone   string `yaml:"timezone"`
	Scope      Scope  `yaml:"scope"`
	Force      bool   `yaml:"force"`
	Queue      string `yaml:"queue"`
	Posture    bool   `yaml:"posture"`
}

// Schedule is a checked ScheduleSpec.
type Schedule struct {
	Spec   ScheduleSpec
	Bucket string
	Scope  Scope
	next   cron.Schedule
}

// Next is the first fire time after t.
func (s *Schedule) Next(t time.Time) time.Time { return s.next.Next(t) }

var scheduleName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

var cronParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule checks a spec; errors name the schedule and the field.
func ParseSchedule(sp ScheduleSpec) (*Schedule, error) {
	fail := func(field, format string, a ...any) error {
		return fmt.Errorf("schedule %q: %s: %s", sp.Name, field, fmt.Sprintf(format, a...))
	}
	if !scheduleName.MatchString(sp.Name) {
		return nil, fail("name", "want 1-64 of letters, digits, '.', '_', '-'")
	}
	bucket, prefix, err := scanner.ParseS3URL(sp.Location)
	if err != nil {
		return nil, fail("location", "%v", err)
	}
	scope := sp.Scope
	if prefix != "" {
		if scope.Prefix != "" && scope.Prefix != prefix {
			return nil, fail("scope.prefix", "conflicts with the location's prefix")
		}
		scope.Prefix = prefix
	}
	if err := scope.Validate(); err != nil {
		return nil, fail("scope", "%v", err)
	}
	switch sp.Queue {
	case "", QueueSweeps, QueueBackfill:
	default:
		return nil, fail("queue", "want sweeps or backfill")
	}
	loc := time.UTC
	if sp.Timezone != "" {
		if loc, err = time.LoadLocation(sp.Timezone); err != nil {
			return nil, fail("timezone", "%v", err)
		}
	}
	s := &Schedule{Spec: sp, Bucket: bucket, Scope: scope}
	if sp.Cron != "" {
		if sp.Frequency != "" {
			return nil, fail("cron", "give cron or frequency, not both")
		}
		if strings.HasPrefix(strings.TrimSpace(sp.Cron), "@every") {
			return nil, fail("cron", "@every is relative to when a scheduler starts, so two schedulers disagree; use a cron spec")
		}
		c, err := cronParser.Parse(sp.Cron)
		if err != nil {
			return nil, fail("cron", "%v", err)
		}
		if sc, ok := c.(*cron.SpecSchedule); ok && sp.Timezone != "" {
			sc.Location = loc
		}
		s.next = c
		return s, nil
	}
	hour, minute := 0, 0
	if sp.Time != "" {
		h, m, ok := strings.Cut(sp.Time, ":")
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
			return nil, fail("time", "want HH:MM")
		}
		hour, minute = hh, mm
	}
	switch strings.ToLower(sp.Frequency) {
	case "daily":
		s.next = cronOf(fmt.Sprintf("0 %d %d * * *", minute, hour), loc)
	case "weekly":
		dow, ok := weekdays[strings.ToLower(sp.DayOfWeek)]
		if !ok {
			return nil, fail("day_of_week", "want monday ... sunday")
		}
		s.next = cronOf(fmt.Sprintf("0 %d %d * * %d", minute, hour, dow), loc)
	case "monthly":
		if sp.DayOfMonth < 1 || sp.DayOfMonth > 31 {
			return nil, fail("day_of_month", "want 1-31")
		}
		s.next = monthly{day: sp.DayOfMonth, hour: hour, minute: minute, loc: loc}
	case "":
		return nil, fail("frequency", "give frequency (daily, weekly, monthly) or cron")
	default:
		return nil, fail("frequency", "%q: want daily, weekly or monthly", sp.Frequency)
	}
	return s, nil
}

var weekdays = map[string]int{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}

func cronOf(spec string, loc *time.Location) cron.Schedule {
	c, err := cronParser.Parse(spec)
	if err != nil {
		panic(err)
	}
	c.(*cron.SpecSchedule).Location = loc
	return c
}

// monthly fires on a day of the month, or on the month's last day when
// it is shorter (as Macie does).
type monthly struct {
	day, hour, minute int
	loc               *time.Location
}

func (m monthly) Next(t time.Time) time.Time {
	t = t.In(m.loc)
	for i := 0; i < 3; i++ {
		y, mo, _ := t.Date()
		first := time.Date(y, mo+time.Month(i), 1, 0, 0, 0, 0, m.loc)
		last := first.AddDate(0, 1, -1).Day()
		at := time.Date(first.Year(), first.Month(), min(m.day, last), m.hour, m.minute, 0, 0, m.loc)
		if at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// ScheduledSweepID is the sweep ID of a schedule's run at one fire
// time: every scheduler computes the same one.
func ScheduledSweepID(name string, at time.Time) string {
	return "sch-" + name + "-" + at.UTC().Format("20060102T150405")
}

// Scheduler starts scheduled sweeps. Any number of schedulers may run:
// each fire time is claimed in Redis (SET NX) by one of them, and the
// sweep ID is derived from the schedule and the fire time, so a
// schedule fires once per fire time.
type Scheduler struct {
	Redis     redis.UniversalClient
	Schedules []*Schedule
	Logger    *slog.Logger
	// Fired, if set, is called after a fire time was claimed and its
	// sweep started (or found started).
	Fired func(s *Schedule, at time.Time, sweepID string)
}

// Run fires schedules until ctx ends.
func (sc *Scheduler) Run(ctx context.Context) error {
	if len(sc.Schedules) == 0 {
		return errors.New("no schedules")
	}
	if sc.Logger == nil {
		sc.Logger = slog.Default()
	}
	var wg sync.WaitGroup
	for _, s := range sc.Schedules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc.loop(ctx, s)
		}()
	}
	wg.Wait()
	return nil
}

func (sc *Scheduler) loop(ctx context.Context, s *Schedule) {
	for {
		at := s.Next(time.Now())
		if at.IsZero() {
			sc.Logger.Error("schedule never fires again", "schedule", s.Spec.Name)
			return
		}
		sc.Logger.Info("next run", "schedule", s.Spec.Name, "at", at)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(at)):
		}
		// A fire that can't reach Redis is retried for a while, not lost.
		for attempt := 0; ; attempt++ {
			err := sc.fire(ctx, s, at)
			if err == nil || ctx.Err() != nil {
				break
			}
			if attempt >= 10 || time.Since(at) > 10*time.Minute {
				sc.Logger.Error("scheduled sweep not started", "schedule", s.Spec.Name, "at", at, "err", err)
				break
			}
			sc.Logger.Warn("starting a scheduled sweep; retrying", "schedule", s.Spec.Name, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(attempt+1) * time.Second):
			}
		}
	}
}

// fire claims the fire time and starts its sweep.
func (sc *Scheduler) fire(ctx context.Context, s *Schedule, at time.Time) error {
	id := ScheduledSweepID(s.Spec.Name, at)
	claim := "dredge:schedule:" + s.Spec.Name + ":" + strconv.FormatInt(at.Unix(), 10)
	ok, err := sc.Redis.SetNX(ctx, claim, id, 7*24*time.Hour).Result()
	if err != nil {
		return err
	}
	if !ok {
		sc.Logger.Debug("fire time claimed by another scheduler", "schedule", s.Spec.Name, "at", at)
		return nil
	}
	_, err = StartSweep(ctx, sc.Redis, SweepSpec{
		ID: id, Bucket: s.Bucket, Scope: s.Scope, Force: s.Spec.Force, Queue: s.Spec.Queue,
		Source: "schedule:" + s.Spec.Name, Posture: s.Spec.Posture,
	})
	if err != nil && !errors.Is(err, ErrSweepExists) {
		sc.Redis.Del(context.WithoutCancel(ctx), claim) // let this or another scheduler retry
		return err
	}
	sc.Logger.Info("scheduled sweep started", "schedule", s.Spec.Name, "sweep", id)
	if sc.Fired != nil {
		sc.Fired(s, at, id)
	}
	return nil
}

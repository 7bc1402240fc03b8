package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
	asynqmetrics "github.com/hibiken/asynq/x/metrics"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/dredge-dev/dredge/queue"
)

// QueueCollector is asynq's queue metrics collector
// (github.com/hibiken/asynq/x/metrics): per queue, asynq_queue_size,
// asynq_queue_latency_seconds (age of the oldest pending task),
// asynq_tasks_enqueued_total{state} (pending, active, scheduled, retry,
// archived, completed), asynq_tasks_processed_total,
// asynq_tasks_failed_total, asynq_queue_paused_total and
// asynq_queue_memory_usage_approx_bytes. The inspector is the caller's
// to close.
func QueueCollector(ins *asynq.Inspector) prometheus.Collector {
	return asynqmetrics.NewQueueMetricsCollector(ins)
}

// FleetCollector reads the per-bucket aggregates the workers keep in
// Redis at each scrape: the state of the results, fleet-wide.
type FleetCollector struct {
	Agg *queue.Aggregates
	// MaxBuckets bounds the buckets read per scrape (default 1000).
	MaxBuckets int
	// Timeout bounds one scrape's Redis reads (default 5s).
	Timeout time.Duration
	Logger  *slog.Logger
}

// NewFleetCollector reads the aggregates of rdb.
func NewFleetCollector(rdb redis.UniversalClient) *FleetCollector {
	return &FleetCollector{Agg: &queue.Aggregates{R: rdb}}
}

var (
	fleetUp = prometheus.NewDesc("dredge_fleet_up",
		"1 when the fleet's aggregates could be read from Redis at this scrape.", nil, nil)
	fleetBuckets = prometheus.NewDesc("dredge_fleet_buckets",
		"Buckets with recorded objects.", nil, nil)
	fleetObjects = prometheus.NewDesc("dredge_fleet_objects",
		"Recorded objects (each once, as of its latest scan), by status.", []string{"status"}, nil)
	fleetBytes = prometheus.NewDesc("dredge_fleet_bytes",
		"Bytes of the recorded objects.", nil, nil)
	fleetFindings = prometheus.NewDesc("dredge_fleet_findings",
		"Findings in the recorded objects, by identifier.", []string{"identifier"}, nil)
	fleetSeverity = prometheus.NewDesc("dredge_fleet_findings_by_severity",
		"Findings in the recorded objects, by severity.", []string{"severity"}, nil)
	fleetObjSeverity = prometheus.NewDesc("dredge_fleet_objects_by_severity",
		"Recorded objects with findings, by the object's severity.", []string{"severity"}, nil)
	bucketObjects = prometheus.NewDesc("dredge_bucket_objects",
		"Recorded objects of a bucket.", []string{"bucket"}, nil)
	bucketFindings = prometheus.NewDesc("dredge_bucket_findings",
		"Findings in a bucket's recorded objects.", []string{"bucket"}, nil)
	bucketScore = prometheus.NewDesc("dredge_bucket_sensitivity_score",
		"A bucket's sensitivity score (1-99, Macie's scale; 50: not analysed yet).", []string{"bucket"}, nil)
)

// Describe implements prometheus.Collector.
func (f *FleetCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{fleetUp, fleetBuckets, fleetObjects, fleetBytes, fleetFindings, fleetSeverity,
		fleetObjSeverity, bucketObjects, bucketFindings, bucketScore} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (f *FleetCollector) Collect(ch chan<- prometheus.Metric) {
	timeout := f.Timeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	limit := f.MaxBuckets
	if limit == 0 {
		limit = 1000
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	buckets, err := f.Agg.Buckets(ctx)
	if err != nil {
		f.logErr(err)
		ch <- prometheus.MustNewConstMetric(fleetUp, prometheus.GaugeValue, 0)
		return
	}
	if len(buckets) > limit {
		buckets = buckets[:limit]
	}
	var (
		total                      queue.BucketStats
		byType, bySev, objBySev    = map[string]int64{}, map[string]int64{}, map[string]int64{}
		complete, partial, skipped int64
	)
	for _, b := range buckets {
		s, err := f.Agg.Bucket(ctx, b)
		if err != nil {
			f.logErr(err)
			ch <- prometheus.MustNewConstMetric(fleetUp, prometheus.GaugeValue, 0)
			return
		}
		total.Objects += s.Objects
		total.Bytes += s.Bytes
		total.Failed += s.Failed
		complete += s.Complete
		partial += s.Partial
		skipped += s.Skipped
		for k, v := range s.ByType {
			byType[k] += v
		}
		for k, v := range s.BySeverity {
			bySev[k] += v
		}
		for k, v := range s.ObjectsBySeverity {
			objBySev[k] += v
		}
		ch <- prometheus.MustNewConstMetric(bucketObjects, prometheus.GaugeValue, float64(s.Objects), b)
		ch <- prometheus.MustNewConstMetric(bucketFindings, prometheus.GaugeValue, float64(s.Findings), b)
		ch <- prometheus.MustNewConstMetric(bucketScore, prometheus.GaugeValue, float64(s.Score), b)
	}
	ch <- prometheus.MustNewConstMetric(fleetUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(fleetBuckets, prometheus.GaugeValue, float64(len(buckets)))
	for status, n := range map[string]int64{"complete": complete, "partial": partial, "skipped": skipped, "error": total.Failed} {
		ch <- prometheus.MustNewConstMetric(fleetObjects, prometheus.GaugeValue, float64(n), status)
	}
	ch <- prometheus.MustNewConstMetric(fleetBytes, prometheus.GaugeValue, float64(total.Bytes))
	for k, v := range byType {
		ch <- prometheus.MustNewConstMetric(fleetFindings, prometheus.GaugeValue, float64(v), k)
	}
	for k, v := range bySev {
		ch <- prometheus.MustNewConstMetric(fleetSeverity, prometheus.GaugeValue, float64(v), k)
	}
	for k, v := range objBySev {
		ch <- prometheus.MustNewConstMetric(fleetObjSeverity, prometheus.GaugeValue, float64(v), k)
	}
}

func (f *FleetCollector) logErr(err error) {
	l := f.Logger
	if l == nil {
		l = slog.Default()
	}
	l.Warn("metrics: reading the fleet's aggregates", "err", err)
}

package dev.zt.internal.monitoring;

import dev.zt.spi.event.SecurityEvent;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * zt in OpenTelemetry: the meters of {@link MetricsSink} (instrumentation scope {@code dev.zt}), each request's
 * decision as attributes of the current span, and each audit event as a log record. Instruments and their attribute
 * sets are created once per application; the observable ones are removed on {@link #close()} (OpenTelemetry cannot
 * remove the others). Spans are annotated whenever the current one records, whatever OpenTelemetry it belongs to.
 */
final class OtelSink implements MetricsSink, TraceSink {

    static final AttributeKey<String> DECISION = AttributeKey.stringKey("zt.decision");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("zt.reason");
    static final AttributeKey<String> ISSUER = AttributeKey.stringKey("zt.issuer");
    static final AttributeKey<String> SUBJECT_HASH = AttributeKey.stringKey("zt.subject.hash");
    static final AttributeKey<Long> SCORE = AttributeKey.longKey("zt.risk.score");
    static final AttributeKey<String> MODE = AttributeKey.stringKey("zt.mode");
    static final AttributeKey<String> EVENT = AttributeKey.stringKey("zt.event");
    private static final AttributeKey<String> APPLICATION = AttributeKey.stringKey("application");
    private static final String SCOPE = "dev.zt";
    /** Latency buckets in seconds, from 5 µs (a cached token) to 2.5 s (a remote PDP or store timing out). */
    private static final List<Double> BUCKETS = List.of(0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025,
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5);

    private final String application;
    /** The OpenTelemetry to use, or null while there is none yet (a global one not set so far). */
    private final Supplier<OpenTelemetry> source;
    private volatile Bound bound;
    /** How often an unbound sink asks again whether the global OpenTelemetry has been set. */
    private static final long BIND_RETRY_NANOS = 1_000_000_000L;
    private volatile long nextBind = System.nanoTime();
    /** Set when the OpenTelemetry API present is too old for a call zt makes: zt stops reporting there. */
    private volatile boolean broken;
    private final Map<String, Attributes> decisionTags = new ConcurrentHashMap<>();
    /** The subjects' hashes, so that a SHA-256 is computed once per subject, not per request (bounded). */
    private final com.github.benmanes.caffeine.cache.Cache<String, String> subjectHashes =
            dev.zt.internal.cache.Caches.bounded(10_000).build();
    private final Map<String, Attributes> reasonTags = new ConcurrentHashMap<>();
    /** The observable instruments asked for, built when an OpenTelemetry is bound. */
    private final List<Observed> observed = new CopyOnWriteArrayList<>();

    private OtelSink(Supplier<OpenTelemetry> source, String application) {
        this.source = source;
        this.application = application;
    }

    /**
     * The sink of {@code GlobalOpenTelemetry}, bound when the global instance has been set (by the Java agent or the
     * application's SDK) and never before: asking for it earlier would fix it to a no-op for good.
     */
    static OtelSink global(String application) {
        return new OtelSink(() -> GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null, application);
    }

    /** The sink of the application's {@code OpenTelemetry}. */
    static OtelSink of(Object otel, String application) {
        OpenTelemetry o = (OpenTelemetry) otel;
        return new OtelSink(() -> o, application);
    }

    /** The instruments of one OpenTelemetry. */
    private static final class Bound {
        final Meter meter;
        final Logger logger;
        final LongCounter decisions;
        final LongCounter reasons;
        final DoubleHistogram latency;

        Bound(OpenTelemetry otel) {
            this.meter = otel.getMeterProvider().meterBuilder(SCOPE).build();
            this.logger = otel.getLogsBridge().loggerBuilder(SCOPE).build();
            this.decisions = meter.counterBuilder("zt.decisions").setDescription("zt trust decisions by type")
                    .setUnit("{decision}").build();
            this.reasons = meter.counterBuilder("zt.reasons")
                    .setDescription("zt decisions and refusals by reason code").setUnit("{decision}").build();
            this.latency = meter.histogramBuilder("zt.decision.duration").setUnit("s")
                    .setDescription("time zt's enforcement point took to decide a request (not the application's)")
                    .setExplicitBucketBoundariesAdvice(BUCKETS).build();
        }
    }

    /** The bound instruments, or null while there is no OpenTelemetry (or it is too old for zt). */
    private Bound bound() {
        Bound b = bound;
        if (b != null || broken) {
            return b;
        }
        long now = System.nanoTime();
        if (now - nextBind < 0) {
            return null; // asked less than a second ago (asking takes the global's lock)
        }
        synchronized (this) {
            nextBind = now + BIND_RETRY_NANOS;
            if (bound == null && !broken) {
                try {
                    OpenTelemetry otel = source.get();
                    if (otel == null) {
                        return null;
                    }
                    Bound made = new Bound(otel);
                    for (Observed o : observed) {
                        o.build(made.meter);
                    }
                    bound = made;
                } catch (LinkageError e) {
                    tooOld(e);
                }
            }
            return bound;
        }
    }

    /**
     * An OpenTelemetry API older than the one zt is built for (a method missing): zt stops reporting to it, saying so
     * once, instead of failing requests.
     */
    private void tooOld(LinkageError e) {
        if (!broken) {
            broken = true;
            bound = null;
            System.getLogger("dev.zt").log(System.Logger.Level.WARNING, "the OpenTelemetry API on the class path is"
                    + " older than zt needs (1.50 or later; {0}): zt reports nothing to OpenTelemetry",
                    e.getClass().getSimpleName());
        }
    }

    private Attributes decisionTags(String decision) {
        Attributes a = decisionTags.get(decision);
        return a != null ? a : decisionTags.computeIfAbsent(decision, k -> Attributes.of(APPLICATION, application,
                AttributeKey.stringKey("decision"), k));
    }

    @Override
    public void decision(String type) {
        Bound b = bound();
        if (b != null) {
            b.decisions.add(1, decisionTags(type));
        }
    }

    @Override
    public void reason(String code) {
        Bound b = bound();
        if (b == null) {
            return;
        }
        Attributes a = reasonTags.get(code);
        if (a == null) {
            a = reasonTags.computeIfAbsent(code, k -> Attributes.of(APPLICATION, application,
                    AttributeKey.stringKey("reason"), k));
        }
        b.reasons.add(1, a);
    }

    @Override
    public void latency(String decision, long nanos) {
        Bound b = bound();
        if (b != null) {
            b.latency.record(nanos / 1e9, decisionTags(decision));
        }
    }

    @Override
    public AutoCloseable gauge(String name, String description, String unit, String tagKey, String tagValue,
            DoubleSupplier value) {
        return observe(new Observed(true, name, description, "seconds".equals(unit) ? "s" : unit,
                Attributes.of(APPLICATION, application, AttributeKey.stringKey(tagKey), tagValue), value));
    }

    @Override
    public AutoCloseable counter(String name, String description, String tagKey, String tagValue,
            DoubleSupplier value) {
        return observe(new Observed(false, name, description, null, Attributes.of(APPLICATION, application,
                AttributeKey.stringKey(tagKey), tagValue), value));
    }

    private AutoCloseable observe(Observed o) {
        synchronized (this) {
            observed.add(o);
            if (bound != null) {
                try {
                    o.build(bound.meter);
                } catch (LinkageError e) {
                    tooOld(e);
                }
            }
        }
        bound(); // binds now if an OpenTelemetry is there
        return () -> {
            observed.remove(o);
            o.close();
        };
    }

    /** An observable gauge or counter, built on the meter once there is one. */
    private static final class Observed implements AutoCloseable {
        private final boolean gauge;
        private final String name;
        private final String description;
        private final String unit;
        private final Attributes attributes;
        private final DoubleSupplier value;
        private AutoCloseable instrument;
        private boolean closed;

        Observed(boolean gauge, String name, String description, String unit, Attributes attributes,
                DoubleSupplier value) {
            this.gauge = gauge;
            this.name = name;
            this.description = description;
            this.unit = unit;
            this.attributes = attributes;
            this.value = value;
        }

        synchronized void build(Meter meter) {
            if (closed || instrument != null) {
                return;
            }
            if (gauge) {
                DoubleGaugeBuilder b = meter.gaugeBuilder(name).setDescription(description);
                if (unit != null) {
                    b.setUnit(unit);
                }
                instrument = b.buildWithCallback(m -> m.record(value.getAsDouble(), attributes));
            } else {
                instrument = meter.counterBuilder(name).setDescription(description).ofDoubles()
                        .buildWithCallback(m -> m.record(value.getAsDouble(), attributes));
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (instrument != null) {
                try {
                    instrument.close();
                } catch (Exception e) {
                    // closing an observable instrument does not fail
                }
                instrument = null;
            }
        }
    }

    @Override
    public void decided(String decision, String reason, String issuer, String subject, int score,
            boolean reportOnly) {
        if (broken) {
            return;
        }
        try {
            annotate(decision, reason, issuer, subject, score, reportOnly);
        } catch (LinkageError e) {
            tooOld(e);
        }
    }

    private void annotate(String decision, String reason, String issuer, String subject, int score,
            boolean reportOnly) {
        Span span = Span.current();
        if (!span.isRecording()) {
            return;
        }
        span.setAttribute(DECISION, decision);
        if (reason != null) {
            span.setAttribute(REASON, reason);
        }
        if (issuer != null) {
            span.setAttribute(ISSUER, issuer);
        }
        if (subject != null) {
            span.setAttribute(SUBJECT_HASH, subjectHashes.get(issuer == null ? "\n" + subject
                    : issuer + '\n' + subject, k -> subjectHash(issuer, subject)));
        }
        span.setAttribute(SCORE, (long) score);
        span.setAttribute(MODE, reportOnly ? "report-only" : "enforce");
    }

    @Override
    public void event(SecurityEvent e, String line, boolean allowed) {
        Bound b = bound();
        if (b == null) {
            return;
        }
        try {
            emit(b, e, line, allowed);
        } catch (LinkageError err) {
            tooOld(err);
        }
    }

    private void emit(Bound b, SecurityEvent e, String line, boolean allowed) {
        LogRecordBuilder r = b.logger.logRecordBuilder().setTimestamp(e.time()).setEventName("zt." + e.type())
                .setSeverity(allowed ? Severity.DEBUG : Severity.INFO).setSeverityText(allowed ? "DEBUG" : "INFO")
                .setBody(line).setAttribute(EVENT, e.type()).setAttribute(APPLICATION, application);
        e.decision().ifPresent(d -> r.setAttribute(DECISION, d));
        e.reason().ifPresent(c -> r.setAttribute(REASON, c));
        e.mode().ifPresent(m -> r.setAttribute(MODE, m));
        r.emit();
    }

    /**
     * The first 16 hex digits of SHA-256 over {@code issuer \n subject}: the same subject correlates across spans and
     * nodes without its identifier in the trace. Pseudonymous, not anonymous: whoever can guess a subject can check
     * the guess.
     */
    static String subjectHash(String issuer, String subject) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            if (issuer != null) {
                d.update(issuer.getBytes(StandardCharsets.UTF_8));
            }
            d.update((byte) '\n');
            byte[] h = d.digest(subject.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                sb.append(Character.forDigit((h[i] >> 4) & 0xF, 16)).append(Character.forDigit(h[i] & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public void close() {
        for (Observed o : observed) {
            o.close();
        }
        observed.clear();
    }
}

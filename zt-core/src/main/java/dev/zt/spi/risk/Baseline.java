package dev.zt.spi.risk;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a subject usually behaves, learned from its own requests (NIST SP 800-207's contextual trust: a request judged
 * against the subject's history): its request rate per minute (an exponentially weighted mean and variance, sampled at
 * most once a minute), the hours of the day (UTC) it is active in, and the endpoints (path templates) it uses, kept as
 * 64-bit hashes ({@link #templateHash}). Compact and bounded (about 800 bytes): 24 hour counters halved when they grow
 * large, at most {@link #MAX_TEMPLATES} templates (the one learned
 * longest ago is forgotten first). Immutable; profile stores keep it whole.
 */
public final class Baseline {

    /** The most endpoint templates a baseline keeps. */
    public static final int MAX_TEMPLATES = 64;
    /** The weight of a new sample in the rate's moving mean and variance (about the last 40 sampled minutes). */
    public static final double ALPHA = 0.05;
    /** Hour counters are halved when their sum reaches this: old habits fade. */
    static final int HOURS_DECAY_AT = 2000;

    private static final Baseline EMPTY = new Baseline(0, 0, 0, -1, new int[24], new long[0]);

    private final int samples;
    private final double rateMean;
    private final double rateVariance;
    private final long lastSampleMinute;
    private final int[] hours;
    /** Template hashes, oldest first, unique. */
    private final long[] templates;

    private Baseline(int samples, double rateMean, double rateVariance, long lastSampleMinute, int[] hours,
            long[] templates) {
        this.samples = samples;
        this.rateMean = rateMean;
        this.rateVariance = rateVariance;
        this.lastSampleMinute = lastSampleMinute;
        this.hours = hours;
        this.templates = templates;
    }

    /** Nothing learned yet. */
    public static Baseline empty() {
        return EMPTY;
    }

    /**
     * A baseline as a store kept it.
     *
     * @param hours 24 counters, hour 0 (UTC) first
     * @param templates template hashes, oldest first; beyond {@link #MAX_TEMPLATES} the oldest are dropped
     */
    public static Baseline of(int samples, double rateMean, double rateVariance, long lastSampleMinute, int[] hours,
            long[] templates) {
        if (hours.length != 24 || samples < 0 || !Double.isFinite(rateMean) || !Double.isFinite(rateVariance)
                || rateMean < 0 || rateVariance < 0) {
            throw new IllegalArgumentException("not a baseline");
        }
        int[] h = hours.clone();
        for (int v : h) {
            if (v < 0) {
                throw new IllegalArgumentException("not a baseline");
            }
        }
        long[] t = Arrays.stream(templates).distinct().toArray();
        return new Baseline(samples, rateMean, rateVariance, lastSampleMinute, h,
                t.length <= MAX_TEMPLATES ? t : Arrays.copyOfRange(t, t.length - MAX_TEMPLATES, t.length));
    }

    /**
     * The hash a template is kept as: 64-bit FNV-1a of its characters. Hashes keep a baseline small whatever the
     * paths; a collision could only make a never-used endpoint look used to one subject's baseline.
     */
    public static long templateHash(String template) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < template.length(); i++) {
            h ^= template.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Sampled minutes so far: the baseline judges nothing before a warm-up number of them. */
    public int samples() {
        return samples;
    }

    /** The moving mean of requests per minute. */
    public double rateMean() {
        return rateMean;
    }

    /** The moving variance of requests per minute. */
    public double rateVariance() {
        return rateVariance;
    }

    /** The moving standard deviation of requests per minute. */
    public double rateStdDev() {
        return Math.sqrt(rateVariance);
    }

    /** The epoch minute last sampled, or -1. */
    public long lastSampleMinute() {
        return lastSampleMinute;
    }

    /** The 24 hour counters (UTC), a copy. */
    public int[] hours() {
        return hours.clone();
    }

    /** The sum of the hour counters. */
    public int hoursTotal() {
        int sum = 0;
        for (int h : hours) {
            sum += h;
        }
        return sum;
    }

    /** The share (0 to 1) of sampled activity in the hour (UTC) of {@code at}; 0 before any. */
    public double hourShare(Instant at) {
        int total = hoursTotal();
        return total == 0 ? 0 : hours[hourOf(at)] / (double) total;
    }

    /** The hashes of the endpoint templates used, oldest first (a copy). */
    public long[] templateHashes() {
        return templates.clone();
    }

    /** The number of templates known. */
    public int templateCount() {
        return templates.length;
    }

    /** True when the template is known. */
    public boolean knowsTemplate(String template) {
        return knowsTemplate(templateHash(template));
    }

    /** True when the template of this hash ({@link #templateHash}) is known. */
    public boolean knowsTemplate(long h) {
        for (long t : templates) {
            if (t == h) {
                return true;
            }
        }
        return false;
    }

    /** The hour of the day (UTC, 0 to 23) of an instant. */
    public static int hourOf(Instant at) {
        return (int) Math.floorMod(Math.floorDiv(at.getEpochSecond(), 3600), 24);
    }

    /** True when this minute was sampled already. */
    public boolean sampledIn(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60) == lastSampleMinute;
    }

    /**
     * A copy with one more sampled minute: {@code requestsLastMinute} folded into the rate's mean and variance (the
     * first sample sets the mean) and the hour of {@code at} counted. Use it at most once a minute ({@link #sampledIn}).
     */
    public Baseline withSample(Instant at, int requestsLastMinute) {
        double x = Math.max(0, requestsLastMinute);
        double mean;
        double variance;
        if (samples == 0) {
            mean = x;
            variance = 0;
        } else {
            double diff = x - rateMean;
            mean = rateMean + ALPHA * diff;
            variance = (1 - ALPHA) * (rateVariance + ALPHA * diff * diff);
        }
        int[] h = hours.clone();
        h[hourOf(at)]++;
        if (hoursTotal() + 1 >= HOURS_DECAY_AT) {
            for (int i = 0; i < 24; i++) {
                h[i] /= 2;
            }
        }
        return new Baseline(samples == Integer.MAX_VALUE ? samples : samples + 1, mean, variance,
                Math.floorDiv(at.getEpochSecond(), 60), h, templates);
    }

    /** A copy that also knows the template; at {@link #MAX_TEMPLATES} the one learned longest ago is forgotten. */
    public Baseline withTemplate(String template) {
        return withTemplate(templateHash(template));
    }

    /** A copy that also knows the template of this hash ({@link #templateHash}). */
    public Baseline withTemplate(long hash) {
        if (knowsTemplate(hash)) {
            return this;
        }
        int keep = Math.min(templates.length, MAX_TEMPLATES - 1);
        long[] t = new long[keep + 1];
        System.arraycopy(templates, templates.length - keep, t, 0, keep);
        t[keep] = hash;
        return new Baseline(samples, rateMean, rateVariance, lastSampleMinute, hours, t);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Baseline)) {
            return false;
        }
        Baseline b = (Baseline) o;
        return samples == b.samples && rateMean == b.rateMean && rateVariance == b.rateVariance
                && lastSampleMinute == b.lastSampleMinute && Arrays.equals(hours, b.hours)
                && Arrays.equals(templates, b.templates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(samples, rateMean, rateVariance, lastSampleMinute, Arrays.hashCode(hours),
                Arrays.hashCode(templates));
    }

    @Override
    public String toString() {
        return "Baseline[samples=" + samples + ", rate=" + Math.round(rateMean * 10) / 10.0 + "±"
                + Math.round(rateStdDev() * 10) / 10.0 + "/min, templates=" + templates.length + "]";
    }
}

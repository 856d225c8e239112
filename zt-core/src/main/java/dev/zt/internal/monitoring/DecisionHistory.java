package dev.zt.internal.monitoring;

import dev.zt.internal.risk.PathTemplates;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this node decided lately, for the roll-out console: decisions per minute for 24 hours and per hour for 7 days,
 * and per hour the refusals (or, in report-only mode, would-be refusals) grouped by path template, decision and
 * reason, each with its top subjects and clients, and the risk signals behind them. Memory is bounded whatever the
 * traffic: 1,440 + 168 counter slots, at most {@value #MAX_GROUPS} groups and {@value #MAX_SIGNALS} signals an hour
 * (more are counted under {@code "(other)"}), and {@value #TOP} tracked subjects and clients a group (Space-Saving: the
 * counts of the top entries are exact while a group has at most that many, and upper bounds beyond). Thread-safe;
 * recording is a few array increments, a refusal one map lookup more.
 */
public final class DecisionHistory {

    /** The decisions counted, in their order in the timeline. */
    public static final List<String> DECISIONS = List.of("allow", "step_up", "deny", "revoke_session");
    static final int MAX_GROUPS = 64;
    static final int MAX_SIGNALS = 32;
    static final int TOP = 8;
    private static final int MINUTES = 24 * 60;
    private static final int HOURS = 7 * 24;
    private static final String OTHER = "(other)";

    private final Clock clock;
    /** The sessions begun lately, newest last: id, subject, when (at most {@value #RECENT_SESSIONS}). */
    static final int RECENT_SESSIONS = 50;
    private final java.util.ArrayDeque<String[]> recentSessions = new java.util.ArrayDeque<>();
    private final Slot[] minutes = new Slot[MINUTES];
    private final HourSlot[] hours = new HourSlot[HOURS];

    /** Creates an empty history on a clock. */
    public DecisionHistory(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < MINUTES; i++) {
            minutes[i] = new Slot();
        }
        for (int i = 0; i < HOURS; i++) {
            hours[i] = new HourSlot();
        }
    }

    /** Counts of one minute or hour. */
    private static class Slot {
        volatile long epoch = -1;
        final AtomicLongArray counts = new AtomicLongArray(DECISIONS.size());

        /** Makes the slot the one of {@code e}, emptying it when it held an older one. */
        void at(long e) {
            if (epoch != e) {
                synchronized (this) {
                    if (epoch != e) {
                        clear();
                        epoch = e;
                    }
                }
            }
        }

        void clear() {
            for (int i = 0; i < counts.length(); i++) {
                counts.set(i, 0);
            }
        }
    }

    /** An hour: its counts, refusal groups and signals. */
    private static final class HourSlot extends Slot {
        final Map<String, Group> groups = new ConcurrentHashMap<>();
        final Map<String, LongAdder> signals = new ConcurrentHashMap<>();

        @Override
        void clear() {
            super.clear();
            groups.clear();
            signals.clear();
        }
    }

    /** Refusals of one path template, decision and reason in one hour. */
    private static final class Group {
        final String template;
        final String decision;
        final String reason;
        final LongAdder count = new LongAdder();
        final TopCounts subjects = new TopCounts(TOP);
        final TopCounts clients = new TopCounts(TOP);

        Group(String template, String decision, String reason) {
            this.template = template;
            this.decision = decision;
            this.reason = reason;
        }
    }

    /** Counts one decided request ({@link #DECISIONS}; anything else, such as {@code public}, is not counted). */
    public void decided(String decision) {
        int i = DECISIONS.indexOf(decision);
        if (i < 0) {
            return;
        }
        long minute = Math.floorDiv(clock.millis(), 60_000L);
        Slot m = minutes[(int) Math.floorMod(minute, (long) MINUTES)];
        m.at(minute);
        m.counts.incrementAndGet(i);
        long hour = Math.floorDiv(minute, 60L);
        HourSlot h = hours[(int) Math.floorMod(hour, (long) HOURS)];
        h.at(hour);
        h.counts.incrementAndGet(i);
    }

    /**
     * Records a refusal (or would-be refusal): its path (grouped by template; a name starting with {@code @}, such as
     * an annotated method's, is kept as it is), decision, reason, subject and client (either may be null) and the risk
     * signals that contributed.
     */
    public void refused(String path, String decision, String reason, String subject, String client,
            List<String> signals) {
        long hour = Math.floorDiv(clock.millis(), 3_600_000L);
        HourSlot h = hours[(int) Math.floorMod(hour, (long) HOURS)];
        h.at(hour);
        String template = path == null ? "/" : path.startsWith("@") ? path.substring(0, Math.min(path.length(), 120))
                : PathTemplates.of(path);
        String r = reason == null ? "" : reason;
        String key = template + '\n' + decision + '\n' + r;
        Group g = h.groups.get(key);
        if (g == null) {
            if (h.groups.size() >= MAX_GROUPS) {
                key = OTHER + '\n' + decision + '\n' + r;
                template = OTHER;
            }
            String t = template;
            g = h.groups.computeIfAbsent(key, k -> new Group(t, decision, r));
        }
        g.count.increment();
        if (subject != null) {
            g.subjects.add(subject);
        }
        if (client != null) {
            g.clients.add(client);
        }
        for (String s : signals) {
            LongAdder a = h.signals.get(s);
            if (a == null) {
                a = h.signals.computeIfAbsent(h.signals.size() >= MAX_SIGNALS ? OTHER : s, k -> new LongAdder());
            }
            a.increment();
        }
    }

    /** Records a session begun (or stepped up) on this node: the console lists the latest ones. */
    public void sessionStarted(String sessionId, String subject, Instant at) {
        synchronized (recentSessions) {
            recentSessions.removeIf(r -> r[0].equals(sessionId));
            recentSessions.addLast(new String[] {sessionId, subject == null ? "" : subject,
                Long.toString(at.toEpochMilli())});
            while (recentSessions.size() > RECENT_SESSIONS) {
                recentSessions.removeFirst();
            }
        }
    }

    /** A session begun lately. */
    public static final class RecentSession {
        public final String id;
        public final String subject;
        public final Instant at;

        RecentSession(String id, String subject, Instant at) {
            this.id = id;
            this.subject = subject;
            this.at = at;
        }
    }

    /** The sessions begun lately, newest first (at most {@value #RECENT_SESSIONS}). */
    public List<RecentSession> recentSessions() {
        List<RecentSession> out = new ArrayList<>();
        synchronized (recentSessions) {
            java.util.Iterator<String[]> it = recentSessions.descendingIterator();
            while (it.hasNext()) {
                String[] r = it.next();
                out.add(new RecentSession(r[0], r[1], Instant.ofEpochMilli(Long.parseLong(r[2]))));
            }
        }
        return out;
    }

    /** One point of the timeline: its start and the count of each of {@link #DECISIONS}. */
    public static final class Point {
        public final Instant start;
        public final long[] counts;

        Point(Instant start, long[] counts) {
            this.start = start;
            this.counts = counts;
        }
    }

    /** A group of refusals over the window. */
    public static final class Refusals {
        public final String pathTemplate;
        public final String decision;
        public final String reason;
        public final long count;
        public final Map<String, Long> topSubjects;
        public final Map<String, Long> topClients;

        Refusals(String pathTemplate, String decision, String reason, long count, Map<String, Long> topSubjects,
                Map<String, Long> topClients) {
            this.pathTemplate = pathTemplate;
            this.decision = decision;
            this.reason = reason;
            this.count = count;
            this.topSubjects = topSubjects;
            this.topClients = topClients;
        }
    }

    /** The history over a window ending now. */
    public static final class View {
        public final Instant from;
        public final Instant to;
        public final Duration step;
        public final List<Point> timeline;
        public final long[] totals;
        public final List<Refusals> refusals;
        public final Map<String, Long> signals;

        View(Instant from, Instant to, Duration step, List<Point> timeline, long[] totals, List<Refusals> refusals,
                Map<String, Long> signals) {
            this.from = from;
            this.to = to;
            this.step = step;
            this.timeline = timeline;
            this.totals = totals;
            this.refusals = refusals;
            this.signals = signals;
        }
    }

    /**
     * The last {@code window} (1 minute to 7 days): the timeline in at most about 100 points (per-minute counts up to
     * 24 hours, hourly beyond), totals, refusal groups of the hours the window touches (largest first) and signals.
     */
    public View view(Duration window) {
        long nowMinute = Math.floorDiv(clock.millis(), 60_000L);
        long windowMinutes = Math.max(1, Math.min(window.toMinutes(), HOURS * 60L));
        List<Point> timeline = new ArrayList<>();
        long[] totals = new long[DECISIONS.size()];
        long stepMinutes;
        if (windowMinutes <= MINUTES) {
            stepMinutes = Math.max(1, (windowMinutes + 99) / 100);
            long first = nowMinute - windowMinutes + 1;
            first -= Math.floorMod(first, stepMinutes); // aligned steps
            for (long start = first; start <= nowMinute; start += stepMinutes) {
                long[] c = new long[DECISIONS.size()];
                for (long m = Math.max(start, nowMinute - windowMinutes + 1); m < start + stepMinutes
                        && m <= nowMinute; m++) {
                    add(c, minutes[(int) Math.floorMod(m, (long) MINUTES)], m);
                }
                timeline.add(new Point(Instant.ofEpochSecond(start * 60), c));
                add(totals, c);
            }
        } else {
            stepMinutes = 60;
            long nowHour = Math.floorDiv(nowMinute, 60L);
            long firstHour = nowHour - (windowMinutes + 59) / 60 + 1;
            for (long hr = firstHour; hr <= nowHour; hr++) {
                long[] c = new long[DECISIONS.size()];
                add(c, hours[(int) Math.floorMod(hr, (long) HOURS)], hr);
                timeline.add(new Point(Instant.ofEpochSecond(hr * 3600), c));
                add(totals, c);
            }
        }
        Map<String, Merged> merged = new HashMap<>();
        Map<String, Long> signals = new HashMap<>();
        long nowHour = Math.floorDiv(nowMinute, 60L);
        long firstHour = Math.floorDiv(nowMinute - windowMinutes + 1, 60L);
        for (long hr = firstHour; hr <= nowHour; hr++) {
            HourSlot h = hours[(int) Math.floorMod(hr, (long) HOURS)];
            if (h.epoch != hr) {
                continue;
            }
            for (Map.Entry<String, Group> e : h.groups.entrySet()) {
                Group g = e.getValue();
                merged.computeIfAbsent(e.getKey(), k -> new Merged(g)).add(g);
            }
            h.signals.forEach((k, v) -> signals.merge(k, v.sum(), Long::sum));
        }
        List<Refusals> refusals = new ArrayList<>();
        for (Merged m : merged.values()) {
            refusals.add(new Refusals(m.template, m.decision, m.reason, m.count, top(m.subjects), top(m.clients)));
        }
        refusals.sort(Comparator.comparingLong((Refusals r) -> -r.count).thenComparing(r -> r.pathTemplate)
                .thenComparing(r -> r.reason));
        Instant to = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new View(to.minus(Duration.ofMinutes(windowMinutes)), to, Duration.ofMinutes(stepMinutes), timeline,
                totals, refusals, top(signals));
    }

    /** The most a {@link #summary()} holds before it leaves out the groups of older hours. */
    static final int MAX_SUMMARY_CHARS = 512 * 1024;

    /**
     * This history as text another node can {@link #absorb}: the counts of every minute and hour still in the window,
     * and the hours' groups and signals, newest hour first, leaving out older hours' groups beyond
     * {@value #MAX_SUMMARY_CHARS} characters ({@code "truncated":true}).
     */
    public String summary() {
        long nowMinute = Math.floorDiv(clock.millis(), 60_000L);
        long nowHour = Math.floorDiv(nowMinute, 60L);
        StringBuilder sb = new StringBuilder(4096).append("{\"v\":1,\"m\":[");
        boolean first = true;
        for (long m = nowMinute - MINUTES + 1; m <= nowMinute; m++) {
            Slot s = minutes[(int) Math.floorMod(m, (long) MINUTES)];
            if (s.epoch == m && nonZero(s)) {
                sb.append(first ? "" : ",").append('[').append(m);
                for (int i = 0; i < DECISIONS.size(); i++) {
                    sb.append(',').append(s.counts.get(i));
                }
                sb.append(']');
                first = false;
            }
        }
        sb.append("],\"h\":[");
        first = true;
        boolean truncated = false;
        for (long hr = nowHour; hr > nowHour - HOURS; hr--) {
            HourSlot h = hours[(int) Math.floorMod(hr, (long) HOURS)];
            if (h.epoch != hr) {
                continue;
            }
            sb.append(first ? "" : ",").append("{\"t\":").append(hr).append(",\"c\":[");
            for (int i = 0; i < DECISIONS.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(h.counts.get(i));
            }
            sb.append("],\"g\":[");
            if (sb.length() < MAX_SUMMARY_CHARS) {
                boolean firstGroup = true;
                for (Group g : h.groups.values()) {
                    sb.append(firstGroup ? "" : ",").append('[');
                    quote(sb, g.template).append(',');
                    quote(sb, g.decision).append(',');
                    quote(sb, g.reason).append(',').append(g.count.sum()).append(',');
                    counts(sb, g.subjects.snapshot()).append(',');
                    counts(sb, g.clients.snapshot()).append(']');
                    firstGroup = false;
                }
                sb.append("],\"x\":");
                Map<String, Long> sig = new HashMap<>();
                h.signals.forEach((k, v) -> sig.put(k, v.sum()));
                counts(sb, sig).append('}');
            } else {
                truncated = true;
                sb.append("],\"x\":{}}");
            }
            first = false;
        }
        sb.append("],\"s\":[");
        first = true;
        for (RecentSession r : recentSessions()) {
            quote(quote(sb.append(first ? "[" : ",["), r.id).append(','), r.subject).append(',')
                    .append(r.at.toEpochMilli()).append(']');
            first = false;
        }
        return sb.append("],\"truncated\":").append(truncated).append('}').toString();
    }

    private static boolean nonZero(Slot s) {
        for (int i = 0; i < s.counts.length(); i++) {
            if (s.counts.get(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        return dev.zt.internal.json.JsonWriter.quote(sb, s, 200);
    }

    private static StringBuilder counts(StringBuilder sb, Map<String, Long> counts) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            quote(sb.append(first ? "" : ","), e.getKey()).append(':').append(e.getValue());
            first = false;
        }
        return sb.append('}');
    }

    /**
     * Adds another node's {@link #summary()} to this history (for the cluster's view, in a history of its own); what
     * lies outside this history's window is ignored.
     *
     * @throws IllegalArgumentException when the summary is not one
     */
    public void absorb(String summary) {
        try {
            absorbParsed(summary);
        } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
            throw new IllegalArgumentException("not a decision history summary", e);
        }
    }

    @SuppressWarnings("unchecked")
    private void absorbParsed(String summary) {
        Map<String, Object> s;
        try {
            s = dev.zt.internal.json.StrictJson.parseObject(summary, 8);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a decision history summary", e);
        }
        if (!Long.valueOf(1).equals(s.get("v"))) {
            throw new IllegalArgumentException("not a decision history summary of version 1");
        }
        long nowMinute = Math.floorDiv(clock.millis(), 60_000L);
        long nowHour = Math.floorDiv(nowMinute, 60L);
        for (Object o : (List<Object>) s.getOrDefault("m", List.of())) {
            List<Object> m = (List<Object>) o;
            long epoch = (Long) m.get(0);
            if (epoch > nowMinute - MINUTES && epoch <= nowMinute) {
                Slot slot = minutes[(int) Math.floorMod(epoch, (long) MINUTES)];
                slot.at(epoch);
                for (int i = 0; i < DECISIONS.size(); i++) {
                    slot.counts.addAndGet(i, (Long) m.get(i + 1));
                }
            }
        }
        for (Object o : (List<Object>) s.getOrDefault("h", List.of())) {
            Map<String, Object> h = (Map<String, Object>) o;
            long epoch = (Long) h.get("t");
            if (epoch <= nowHour - HOURS || epoch > nowHour) {
                continue;
            }
            HourSlot slot = hours[(int) Math.floorMod(epoch, (long) HOURS)];
            slot.at(epoch);
            List<Object> c = (List<Object>) h.get("c");
            for (int i = 0; i < DECISIONS.size(); i++) {
                slot.counts.addAndGet(i, (Long) c.get(i));
            }
            for (Object go : (List<Object>) h.get("g")) {
                List<Object> g = (List<Object>) go;
                String template = (String) g.get(0);
                String decision = (String) g.get(1);
                String reason = (String) g.get(2);
                Group merged = slot.groups.computeIfAbsent(template + '\n' + decision + '\n' + reason,
                        k -> new Group(template, decision, reason));
                merged.count.add((Long) g.get(3));
                ((Map<String, Object>) g.get(4)).forEach((k, v) -> merged.subjects.add(k, (Long) v));
                ((Map<String, Object>) g.get(5)).forEach((k, v) -> merged.clients.add(k, (Long) v));
            }
            ((Map<String, Object>) h.get("x")).forEach((k, v) -> slot.signals.computeIfAbsent(k,
                    x -> new LongAdder()).add((Long) v));
        }
        List<RecentSession> sessions = new ArrayList<>(recentSessions());
        for (Object o : (List<Object>) s.getOrDefault("s", List.of())) {
            List<Object> r = (List<Object>) o;
            sessions.add(new RecentSession((String) r.get(0), (String) r.get(1), Instant.ofEpochMilli((Long) r.get(2))));
        }
        sessions.sort(Comparator.comparing((RecentSession r) -> r.at));
        for (RecentSession r : sessions) {
            sessionStarted(r.id, r.subject, r.at);
        }
    }

    private static void add(long[] into, Slot s, long epoch) {
        if (s.epoch == epoch) {
            for (int i = 0; i < into.length; i++) {
                into[i] += s.counts.get(i);
            }
        }
    }

    private static void add(long[] into, long[] c) {
        for (int i = 0; i < into.length; i++) {
            into[i] += c[i];
        }
    }

    /** The largest entries first, at most {@value #TOP}. */
    private static Map<String, Long> top(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(TOP).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A group summed over hours. */
    private static final class Merged {
        final String template;
        final String decision;
        final String reason;
        long count;
        final Map<String, Long> subjects = new HashMap<>();
        final Map<String, Long> clients = new HashMap<>();

        Merged(Group g) {
            this.template = g.template;
            this.decision = g.decision;
            this.reason = g.reason;
        }

        void add(Group g) {
            count += g.count.sum();
            g.subjects.snapshot().forEach((k, v) -> subjects.merge(k, v, Long::sum));
            g.clients.snapshot().forEach((k, v) -> clients.merge(k, v, Long::sum));
        }
    }

    /**
     * The most frequent keys among many (Space-Saving, Metwally et al. 2005): {@code capacity} counters; a new key
     * when all are taken replaces the smallest and inherits its count plus one. Keys are cut to 128 characters.
     */
    static final class TopCounts {
        private final int capacity;
        private final Map<String, long[]> counts = new HashMap<>();

        TopCounts(int capacity) {
            this.capacity = capacity;
        }

        void add(String key) {
            add(key, 1);
        }

        /** Adds {@code n} occurrences of a key (another node's count, when merging). */
        synchronized void add(String key, long n) {
            String k = key.length() > 128 ? key.substring(0, 128) : key;
            long[] c = counts.get(k);
            if (c != null) {
                c[0] += n;
                return;
            }
            if (counts.size() < capacity) {
                counts.put(k, new long[] {n});
                return;
            }
            Map.Entry<String, long[]> min = null;
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                if (min == null || e.getValue()[0] < min.getValue()[0]) {
                    min = e;
                }
            }
            long inherited = min.getValue()[0];
            counts.remove(min.getKey());
            counts.put(k, new long[] {inherited + n});
        }

        synchronized Map<String, Long> snapshot() {
            Map<String, Long> out = new HashMap<>();
            counts.forEach((k, v) -> out.put(k, v[0]));
            return out;
        }
    }
}

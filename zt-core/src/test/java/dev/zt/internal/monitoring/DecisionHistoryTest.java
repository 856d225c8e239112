package dev.zt.internal.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The console's memory of recent decisions: exact counts per window, groups by path template, bounded memory. */
class DecisionHistoryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:30:00Z"));
    private final DecisionHistory history = new DecisionHistory(clock);

    private static long total(DecisionHistory.View v, String decision) {
        return v.totals[DecisionHistory.DECISIONS.indexOf(decision)];
    }

    @Test
    void totalsAndTimelineCountEveryDecisionOfTheWindowOnly() {
        for (int i = 0; i < 7; i++) {
            history.decided("allow");
        }
        history.decided("deny");
        history.decided("public"); // nobody was decided about: not counted
        clock.advance(Duration.ofMinutes(90));
        history.decided("step_up");
        history.decided("allow");

        DecisionHistory.View hour = history.view(Duration.ofHours(1));
        assertThat(total(hour, "allow")).isEqualTo(1);
        assertThat(total(hour, "step_up")).isEqualTo(1);
        assertThat(total(hour, "deny")).isZero();
        assertThat(hour.timeline).hasSize(60);
        assertThat(hour.step).isEqualTo(Duration.ofMinutes(1));
        assertThat(hour.timeline.get(59).counts).containsExactly(1, 1, 0, 0);

        DecisionHistory.View day = history.view(Duration.ofHours(24));
        assertThat(total(day, "allow")).isEqualTo(8);
        assertThat(total(day, "deny")).isEqualTo(1);
        assertThat(day.timeline.stream().mapToLong(p -> p.counts[0]).sum()).isEqualTo(8);
        assertThat(day.timeline.size()).isLessThanOrEqualTo(100);

        DecisionHistory.View week = history.view(Duration.ofDays(7));
        assertThat(total(week, "allow")).isEqualTo(8);
        assertThat(week.step).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void slotsOlderThanTheirRingAreForgottenNotAddedToNewOnes() {
        history.decided("deny");
        clock.advance(Duration.ofDays(1)); // the same minute slot, a day later
        history.decided("allow");
        DecisionHistory.View day = history.view(Duration.ofHours(24));
        assertThat(total(day, "deny")).isZero();
        assertThat(total(day, "allow")).isEqualTo(1);
        assertThat(total(history.view(Duration.ofDays(7)), "deny")).isEqualTo(1);
        clock.advance(Duration.ofDays(7));
        assertThat(total(history.view(Duration.ofDays(7)), "deny")).isZero();
    }

    @Test
    void refusalsAreGroupedByPathTemplateDecisionAndReasonWithTheirTopSubjectsClientsAndSignals() {
        for (int i = 0; i < 5; i++) {
            history.refused("/api/orders/" + (1000 + i), "deny", "insufficient_role", "alice", "192.0.2.1", List.of());
        }
        history.refused("/api/orders/7", "deny", "insufficient_role", "bob", "192.0.2.2", List.of());
        history.refused("/api/orders/7", "step_up", "step_up_required", "bob", "192.0.2.2",
                List.of("new_country", "unusual_hour"));
        history.refused("/transfer", "deny", "token_missing", null, "198.51.100.9", List.of());
        history.refused("@OrdersResource.approve", "deny", "insufficient_role", "bob", null, List.of());

        DecisionHistory.View v = history.view(Duration.ofHours(1));
        assertThat(v.refusals).hasSize(4);
        assertThat(v.refusals).extracting(r -> r.pathTemplate).contains("@OrdersResource.approve");
        DecisionHistory.Refusals first = v.refusals.get(0);
        assertThat(first.pathTemplate).isEqualTo("/api/orders/{}");
        assertThat(first.reason).isEqualTo("insufficient_role");
        assertThat(first.count).isEqualTo(6);
        assertThat(first.topSubjects).containsExactly(java.util.Map.entry("alice", 5L), java.util.Map.entry("bob", 1L));
        assertThat(first.topClients).containsEntry("192.0.2.1", 5L);
        assertThat(v.refusals).filteredOn(r -> r.pathTemplate.equals("/transfer")).singleElement()
                .satisfies(r -> assertThat(r.topSubjects).isEmpty());
        assertThat(v.signals).containsEntry("new_country", 1L).containsEntry("unusual_hour", 1L);
    }

    @Test
    void junkPathsAndSubjectsCannotGrowTheHistoryBeyondItsBounds() {
        for (int i = 0; i < 10_000; i++) {
            history.refused("/junk" + i + "/x" + Integer.toHexString(i * 7919) + "zz/" + "a".repeat(i % 50) + i,
                    "deny", "reason_" + (i % 3), "subject-" + i, "client-" + i, List.of("signal_" + i));
        }
        DecisionHistory.View v = history.view(Duration.ofHours(1));
        assertThat(v.refusals.size()).isLessThanOrEqualTo(DecisionHistory.MAX_GROUPS + 3);
        assertThat(v.refusals.stream().mapToLong(r -> r.count).sum()).as("every refusal still counted")
                .isEqualTo(10_000);
        assertThat(v.refusals).allSatisfy(r -> assertThat(r.topSubjects.size()).isLessThanOrEqualTo(
                DecisionHistory.TOP));
        assertThat(v.signals.size()).isLessThanOrEqualTo(DecisionHistory.TOP);
        assertThat(v.signals.values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void theTopCountsKeepTheHeavyHittersAmongManyLightOnes() {
        DecisionHistory.TopCounts top = new DecisionHistory.TopCounts(4);
        for (int i = 0; i < 1000; i++) {
            top.add("heavy");
            top.add("light-" + i);
        }
        assertThat(top.snapshot()).containsKey("heavy");
        assertThat(top.snapshot().get("heavy")).isGreaterThanOrEqualTo(1000);
        assertThat(top.snapshot()).hasSize(4);
    }

    @Test
    void aSummaryAbsorbedElsewhereAddsUpWithThatNodesOwnHistory() {
        DecisionHistory other = new DecisionHistory(clock);
        other.decided("allow");
        other.decided("deny");
        other.refused("/api/orders/1", "deny", "insufficient_role", "alice", "192.0.2.1", List.of("new_country"));
        history.decided("allow");
        history.refused("/api/orders/2", "deny", "insufficient_role", "alice", "192.0.2.2", List.of());
        history.sessionStarted("s-1", "alice", clock.instant());
        clock.advance(Duration.ofSeconds(1));
        other.sessionStarted("s-2", "bob", clock.instant());

        DecisionHistory merged = new DecisionHistory(clock);
        merged.absorb(history.summary());
        merged.absorb(other.summary());
        DecisionHistory.View v = merged.view(Duration.ofHours(1));
        assertThat(v.totals).containsExactly(2, 0, 1, 0);
        assertThat(v.refusals).singleElement().satisfies(r -> {
            assertThat(r.count).isEqualTo(2);
            assertThat(r.topSubjects).containsEntry("alice", 2L);
            assertThat(r.topClients).containsOnlyKeys("192.0.2.1", "192.0.2.2");
        });
        assertThat(v.signals).containsEntry("new_country", 1L);
        assertThat(merged.view(Duration.ofDays(7)).totals).containsExactly(2, 0, 1, 0);
        assertThat(merged.recentSessions()).extracting(r -> r.id).containsExactly("s-2", "s-1");
    }

    @Test
    void onlyTheLatestSessionsAreKept() {
        for (int i = 0; i < 200; i++) {
            history.sessionStarted("s-" + i, "u" + i, clock.instant());
            clock.advance(Duration.ofSeconds(1));
        }
        history.sessionStarted("s-150", "u150", clock.instant()); // seen again: moves up, not twice
        assertThat(history.recentSessions()).hasSize(DecisionHistory.RECENT_SESSIONS);
        assertThat(history.recentSessions().get(0).id).isEqualTo("s-150");
        assertThat(history.recentSessions()).extracting(r -> r.id).doesNotHaveDuplicates().doesNotContain("s-0");
    }

    @Test
    void aSummaryIsBoundedAndWhatIsNotOneIsRefused() {
        for (int h = 0; h < 168; h++) {
            for (int g = 0; g < DecisionHistory.MAX_GROUPS; g++) {
                for (int k = 0; k < DecisionHistory.TOP; k++) {
                    String word = "" + (char) ('a' + g / 26) + (char) ('a' + g % 26); // no digit: kept by the template
                    history.refused("/" + word + "/" + "y".repeat(20) + "/" + word, "deny", "r", "s".repeat(120) + k,
                            "c".repeat(120) + k, List.of());
                }
            }
            clock.advance(Duration.ofHours(1));
        }
        String summary = history.summary();
        assertThat(summary.length()).isLessThan(DecisionHistory.MAX_SUMMARY_CHARS + 100_000);
        assertThat(summary).endsWith("\"truncated\":true}");
        DecisionHistory merged = new DecisionHistory(clock);
        merged.absorb(summary);
        assertThat(merged.view(Duration.ofHours(2)).refusals).isNotEmpty();

        for (String junk : List.of("{}", "[]", "{\"v\":2}", "{\"v\":1,\"m\":[[\"x\"]]}", "{\"v\":1,\"h\":[{}]}", "nonsense")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> merged.absorb(junk)).as(junk)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

package dev.zt.bench;

import dev.zt.token.TokenRejectedException;
import dev.zt.token.TokenVerifier;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Sends 1,000,000 distinct invalid tokens and 1,000,000 distinct valid ones (HS256, so that signing them is quick) to
 * one verifier and prints the heap used after a full GC before and after each flood. The caches must stay within
 * their bounds: {@code java -cp zt-bench/target/benchmarks.jar dev.zt.bench.MemoryUnderAttack [count]}.
 */
public final class MemoryUnderAttack {

    private MemoryUnderAttack() {
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Runs the floods. */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Fixtures.Keys keys = Fixtures.keys("HS256");
        TokenVerifier zt = Fixtures.zt(keys, 10_000);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        zt.verify(Fixtures.token(keys, 0));
        long before = heapAfterGc(memory);
        String template = Fixtures.token(keys, 0);
        String head = template.substring(0, template.lastIndexOf('.') + 1);
        long rejected = 0;
        for (int i = 0; i < count; i++) {
            try {
                zt.verify(head + Integer.toString(i, 36) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            } catch (TokenRejectedException e) {
                rejected++;
            }
        }
        long afterJunk = heapAfterGc(memory);
        for (int i = 1; i <= count; i++) {
            zt.verify(Fixtures.token(keys, i));
        }
        long afterValid = heapAfterGc(memory);
        report("heap after GC before the floods", before);
        report("after " + count + " invalid tokens (" + rejected + " rejected)", afterJunk);
        report("after " + count + " valid tokens", afterValid);
        report("growth", afterValid - before);
    }

    private static void report(String what, long bytes) {
        System.out.printf("%-50s %8.1f MiB%n", what, bytes / 1024.0 / 1024.0);
    }
}

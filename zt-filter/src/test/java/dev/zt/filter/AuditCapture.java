package dev.zt.filter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the lines of the {@code dev.zt.audit} log (INFO and above) for one test. */
final class AuditCapture extends Handler implements AutoCloseable {

    private static final Logger AUDIT = Logger.getLogger("dev.zt.audit");
    final List<String> lines = new CopyOnWriteArrayList<>();

    AuditCapture() {
        setLevel(Level.ALL);
        AUDIT.addHandler(this);
    }

    /** The captured lines that contain every fragment. */
    List<String> matching(String... fragments) {
        List<String> out = new java.util.ArrayList<>();
        for (String l : lines) {
            boolean all = true;
            for (String f : fragments) {
                all &= l.contains(f);
            }
            if (all) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(r.getMessage());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        AUDIT.removeHandler(this);
    }
}

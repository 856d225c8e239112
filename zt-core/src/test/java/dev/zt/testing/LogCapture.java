package dev.zt.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The JUL records (zt logs through {@code System.Logger}, JUL by default) of a logger at or above a level. */
public final class LogCapture extends Handler {

    /** Held here: JUL keeps loggers weakly, and a collected logger forgets its handlers. */
    private final Logger logger;
    private final Level threshold;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level threshold) {
        this.logger = logger;
        this.threshold = threshold;
    }

    /** Starts capturing {@code loggerName} (and its children) at {@code threshold} and above. */
    public static LogCapture start(String loggerName, Level threshold) {
        LogCapture c = new LogCapture(Logger.getLogger(loggerName), threshold);
        c.logger.addHandler(c);
        return c;
    }

    /** What was logged so far. */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= threshold.intValue()) {
            records.add(r);
        }
    }

    @Override
    public void flush() {
    }

    /** Stops capturing. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

package dev.zt.filter.internal.request;

/** The request firewall refused a request (answered 400 {@code request_rejected}); the message is for the audit log. */
public final class RequestRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the refusal. */
    public RequestRejectedException(String detail) {
        super(detail);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

package javax.ejb;

/** Stands in for Java EE 8's {@code javax.ejb.EJBAccessException} (zt-core matches it by name). */
public class EJBAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An access refusal. */
    public EJBAccessException(String message) {
        super(message);
    }
}

package dev.zt.cdi;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;

/** A bean whose annotations contradict each other: the deployment must fail naming the method. */
@ApplicationScoped
class Contradictions {
    @PermitAll
    @RequiresRole("admin")
    String confused() {
        return "?";
    }
}

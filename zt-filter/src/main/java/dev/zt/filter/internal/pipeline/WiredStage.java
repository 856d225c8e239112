package dev.zt.filter.internal.pipeline;

/** A stage that works with the application's {@link Wiring}. */
abstract class WiredStage implements Stage {

    /** What the stage works with. */
    final Wiring w;

    WiredStage(Wiring wiring) {
        this.w = wiring;
    }
}

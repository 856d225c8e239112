package dev.zt.sample.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The sample's JSON API under {@code /sample/api}. */
@ApplicationPath("/api")
public class SampleApplication extends Application {
}

package dev.zt.containers;

import java.util.Map;

/**
 * A servlet container under test with one web application at {@code /app}: the zt filter declared by class name and
 * configured by init-params (as a {@code web.xml} does), mapped to {@code /*} for requests, in front of the
 * {@link ContractServlet}.
 */
interface Container {

    /**
     * Deploys and starts. A filter that refuses its configuration must not stop this method: the contract is then
     * about what the container answers.
     *
     * @return the port it listens on (127.0.0.1)
     */
    int start(Map<String, String> filterInitParams) throws Exception;

    /** Stops and releases the container. */
    void stop() throws Exception;
}

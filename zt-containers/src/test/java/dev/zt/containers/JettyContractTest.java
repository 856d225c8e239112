package dev.zt.containers;

/** The contract on embedded Jetty 12 (ee10). */
class JettyContractTest extends HttpContract {

    @Override
    Container newContainer() {
        return new JettyContainer();
    }
}

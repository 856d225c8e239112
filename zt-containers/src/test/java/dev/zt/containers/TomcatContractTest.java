package dev.zt.containers;

/** The contract on embedded Tomcat: run twice by the build, with Tomcat 11 and with Tomcat 10.1. */
class TomcatContractTest extends HttpContract {

    @Override
    Container newContainer() {
        return new TomcatContainer();
    }
}

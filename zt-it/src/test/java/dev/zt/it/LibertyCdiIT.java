package dev.zt.it;

import java.util.List;

/** {@link LibertyCdiContract} with the Jakarta EE 10 features and zt-filter / zt-cdi. */
class LibertyCdiIT extends LibertyCdiContract {

    @Override
    String server() {
        return "zt-cdi";
    }

    @Override
    List<String> features() {
        return Liberty.FEATURES;
    }

    @Override
    boolean javax() {
        return false;
    }
}

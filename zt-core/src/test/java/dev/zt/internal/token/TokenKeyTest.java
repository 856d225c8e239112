package dev.zt.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenKeyTest {

    private static final String TAIL = "0123456789abcdefghijklmnopqrstuvwxyz";

    @Test
    void keysOfEqualTokensAreEqualWhateverTheStringInstance() {
        String a = "header.payload." + TAIL;
        String b = new String(a.toCharArray());
        assertThat(new DefaultTokenVerifier.TokenKey(a)).isEqualTo(new DefaultTokenVerifier.TokenKey(b))
                .hasSameHashCodeAs(new DefaultTokenVerifier.TokenKey(b));
    }

    @Test
    void tokensSharingTheirTailShareAHashButAreDifferentKeys() {
        DefaultTokenVerifier.TokenKey a = new DefaultTokenVerifier.TokenKey("header.payload-A." + TAIL);
        DefaultTokenVerifier.TokenKey b = new DefaultTokenVerifier.TokenKey("header.payload-B." + TAIL);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void theHashCoversTheLastCharactersAndTheLength() {
        String t = "h.p." + TAIL;
        int base = new DefaultTokenVerifier.TokenKey(t).hashCode();
        assertThat(new DefaultTokenVerifier.TokenKey(t.substring(0, t.length() - 1) + "Z").hashCode()).isNotEqualTo(base);
        assertThat(new DefaultTokenVerifier.TokenKey("h.pp." + TAIL).hashCode()).isNotEqualTo(base);
        assertThat(new DefaultTokenVerifier.TokenKey("short").hashCode())
                .isNotEqualTo(new DefaultTokenVerifier.TokenKey("shorT").hashCode());
    }
}

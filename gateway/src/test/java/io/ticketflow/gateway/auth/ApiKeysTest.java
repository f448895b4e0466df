package io.ticketflow.gateway.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    @Test
    void hashIsHexSha256OfTheUtf8Key() {
        assertThat(ApiKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void generatedKeysAre32RandomBytesInBase64Url() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = ApiKeys.generate();
            assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
            keys.add(key);
        }
        assertThat(keys).hasSize(100);
    }

    @Test
    void sameHashComparesWholeValues() {
        String hash = ApiKeys.hash("k");
        assertThat(ApiKeys.sameHash(hash, ApiKeys.hash("k"))).isTrue();
        assertThat(ApiKeys.sameHash(hash, ApiKeys.hash("K"))).isFalse();
        assertThat(ApiKeys.sameHash(hash, null)).isFalse();
    }
}

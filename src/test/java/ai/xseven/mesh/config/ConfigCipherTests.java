package ai.xseven.mesh.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConfigCipherTests {

	private final ConfigCipher cipher = ConfigCipher.keyed("fleet-key-1");

	@Test
	void secretsAreStoredEncryptedAndReadBackInClear() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("dspy.api-key", "sk-live-1234");
		values.put("redis.password", "hunter2");
		values.put("redis.host", "cache-2");
		Map<String, Object> sealed = this.cipher.sealed(values);
		assertThat(sealed.get("redis.host")).isEqualTo("cache-2");
		assertThat(sealed.get("dspy.api-key").toString()).startsWith(ConfigCipher.PREFIX).doesNotContain("sk-live-1234");
		assertThat(sealed.get("redis.password").toString()).startsWith(ConfigCipher.PREFIX).doesNotContain("hunter2");
		assertThat(this.cipher.opened(4, sealed)).isEqualTo(values);
		// The spellings a binder also takes, as a config server may send them, are secrets too.
		Map<String, Object> relaxed = this.cipher.sealed(Map.of("dspy.apiKey", "sk-a", "redis.PASSWORD", "pw-b",
				"voice.openai.api_key", "sk-c"));
		assertThat(relaxed.values()).allSatisfy((value) -> assertThat(value.toString()).startsWith(ConfigCipher.PREFIX));
		// Sealing again leaves what is sealed as it is.
		assertThat(this.cipher.sealed(sealed)).isEqualTo(sealed);
	}

	@Test
	void aValueSealedWithAnotherKeyOrWithNoKeyHereCannotBeOpened() {
		Map<String, Object> sealed = this.cipher.sealed(Map.of("dspy.api-key", "sk-live-1234"));
		ConfigCipher other = ConfigCipher.keyed("fleet-key-2");
		assertThatExceptionOfType(ConfigCipher.UndecryptableVersionException.class)
			.isThrownBy(() -> other.opened(7, sealed))
			.withMessageContaining("dspy.api-key")
			.satisfies((ex) -> assertThat(ex.getVersion()).isEqualTo(7));
		assertThatExceptionOfType(ConfigCipher.UndecryptableVersionException.class)
			.isThrownBy(() -> new ConfigCipher(null).opened(7, sealed))
			.withMessageContaining("no ENCRYPT_KEY");
	}

	@Test
	void aValueReadWithAnotherKeyIsRefusedEveryTime() {
		ConfigCipher other = ConfigCipher.keyed("fleet-key-2");
		for (int n = 0; n < 300; n++) {
			Map<String, Object> sealed = this.cipher.sealed(Map.of("redis.password", "secret-" + n));
			assertThatExceptionOfType(ConfigCipher.UndecryptableVersionException.class)
				.isThrownBy(() -> other.opened(1, sealed));
		}
	}

	@Test
	void aSecretInClearCarriedOverFromAnOlderVersionIsEncryptedOnceThereIsAKey() {
		ConfigCipher none = new ConfigCipher(null);
		assertThat(none.canEncrypt()).isFalse();
		Map<String, Object> old = Map.of("redis.password", "hunter2", "redis.host", "cache-2");
		assertThat(none.sealed(old)).isEqualTo(old);
		assertThat(this.cipher.sealed(old).get("redis.password").toString()).startsWith(ConfigCipher.PREFIX);
		assertThat(this.cipher.opened(3, old)).isEqualTo(old);
	}

}

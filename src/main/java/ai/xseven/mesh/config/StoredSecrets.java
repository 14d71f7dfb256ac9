package ai.xseven.mesh.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.xseven.mesh.config.ConfigChangeStore.Sealing;

/**
 * Rewrites the versions stored before secrets were kept encrypted (or with no key at hand): their
 * changes masked, and, when this host has a key, their runtime and config-server values
 * encrypted. The rows are read without a lock; only when one needs rewriting are they read again
 * and rewritten under the fleet's version lock, so that a start with nothing to do takes no lock.
 */
class StoredSecrets {

	private final ConfigChangeStore store;

	private final ConfigCipher cipher;

	StoredSecrets(ConfigChangeStore store, ConfigCipher cipher) {
		this.store = store;
		this.cipher = cipher;
	}

	/**
	 * Rewrites what needs it.
	 * @return how many versions were rewritten, and how many still hold a secret in clear
	 */
	Sealing seal() {
		Sealing found = sealing(this.store.history(), false);
		if (found.rewritten() == 0) {
			return found;
		}
		return this.store.locked(() -> sealing(this.store.history(), true));
	}

	// How many rows need (or got) rewriting, and how many keep a secret in clear.
	private Sealing sealing(List<StoredVersion> rows, boolean rewrite) {
		int rewritten = 0;
		int inClear = 0;
		for (StoredVersion stored : rows) {
			StoredVersion sealed = sealed(stored);
			if (inClear(sealed.overrides()) || (sealed.configServer() != null && inClear(sealed.configServer()))) {
				inClear++;
			}
			if (!sealed.equals(stored)) {
				if (rewrite) {
					this.store.rewrite(sealed);
				}
				rewritten++;
			}
		}
		return new Sealing(rewritten, inClear);
	}

	private StoredVersion sealed(StoredVersion stored) {
		return new StoredVersion(stored.version(), stored.appliedAt(), stored.source(), stored.instance(),
				this.cipher.sealed(stored.overrides()), ConfigChangeStore.masked(stored.changes()),
				(stored.configServer() != null) ? this.cipher.sealed(stored.configServer()) : null);
	}

	private static boolean inClear(Map<String, Object> values) {
		return values.entrySet()
			.stream()
			.anyMatch((entry) -> entry.getValue() != null && ConfigView.isSecret(entry.getKey())
					&& !Objects.toString(entry.getValue()).startsWith(ConfigCipher.PREFIX));
	}

}

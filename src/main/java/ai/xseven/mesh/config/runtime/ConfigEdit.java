package ai.xseven.mesh.config.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a change asks for, to be laid onto whichever overrides are the latest when it is stored:
 * set (or, with {@code null}, remove) some runtime values, or replace them all (a rollback).
 *
 * @param values the runtime values named by the change
 * @param replacing whether they replace all runtime values rather than amend them
 */
public record ConfigEdit(Map<String, Object> values, boolean replacing) {

	public ConfigEdit {
		values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/**
	 * Sets or removes some runtime values and keeps the others.
	 * @param changes flat setting names and values; {@code null} removes a runtime value
	 * @return the edit
	 */
	public static ConfigEdit amend(Map<String, Object> changes) {
		return new ConfigEdit(changes, false);
	}

	/**
	 * Makes exactly these the runtime values.
	 * @param overrides the runtime values of the version restored
	 * @return the edit
	 */
	public static ConfigEdit replaceWith(Map<String, Object> overrides) {
		return new ConfigEdit(overrides, true);
	}

	/**
	 * The runtime values after this edit.
	 * @param base the runtime values before it
	 * @return the runtime values after it
	 */
	Map<String, Object> applyTo(Map<String, Object> base) {
		Map<String, Object> result = new LinkedHashMap<>(this.replacing ? Map.of() : base);
		this.values.forEach((name, value) -> {
			if (value == null) {
				result.remove(name);
			}
			else {
				result.put(name, value);
			}
		});
		return result;
	}

}

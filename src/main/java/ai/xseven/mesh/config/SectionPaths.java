package ai.xseven.mesh.config;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Settings by their kebab-case paths: a section instance's values as flat names, a name as its
 * Java property, and what a setting's field is marked with.
 */
public final class SectionPaths {

	private static final String OWN_PACKAGE = "ai.xseven.mesh.";

	private SectionPaths() {
	}

	/**
	 * A kebab-case setting name as its Java property.
	 * @param kebab e.g. {@code minimum-number-of-calls}
	 * @return e.g. {@code minimumNumberOfCalls}
	 */
	public static String camel(String kebab) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	/**
	 * A detached section instance's settings as flat names and values.
	 * @param prefix the section
	 * @param instance the instance
	 * @return its settings
	 */
	public static Map<String, Object> flatten(String prefix, Object instance) {
		Map<String, Object> flat = new LinkedHashMap<>();
		flatten(prefix, instance, flat);
		return flat;
	}

	static void flatten(String path, Object bean, Map<String, Object> flat) {
		if (bean instanceof Map<?, ?> entries) {
			// A section of named entries (the breakers): each entry under its name.
			entries.forEach((key, value) -> put(path + "." + key, value, flat));
			return;
		}
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(bean);
		for (PropertyDescriptor descriptor : wrapper.getPropertyDescriptors()) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			put(path + "." + ConfigManager.kebab(descriptor.getName()), wrapper.getPropertyValue(descriptor.getName()),
					flat);
		}
	}

	private static void put(String name, Object value, Map<String, Object> flat) {
		if (value != null && !(value instanceof Enum) && value.getClass().getName().startsWith(OWN_PACKAGE)) {
			flatten(name, value, flat);
		}
		else {
			flat.put(name, value);
		}
	}

	/**
	 * The type a setting of a section is bound as.
	 * @param sectionType the section's type
	 * @param path the setting's path within the section, in kebab case, e.g.
	 * {@code retry.initial-backoff}, or {@code redis.sliding-window-size} in a section of named
	 * entries
	 * @return its type, {@code null} when the section has no such setting
	 */
	public static Class<?> settingType(Class<?> sectionType, String path) {
		if (Map.class.isAssignableFrom(sectionType)) {
			Class<?> entryType = ResolvableType.forClass(sectionType).asMap().resolveGeneric(1);
			int dot = path.indexOf('.');
			if (entryType == null) {
				return null;
			}
			return (dot < 0) ? entryType : settingType(entryType, path.substring(dot + 1));
		}
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(BeanUtils.instantiateClass(sectionType));
		String property = camel(path);
		return wrapper.isReadableProperty(property) ? wrapper.getPropertyType(property) : null;
	}

	// Whether the field a path within a section names (nested ones through their fields) is marked.
	static boolean marked(Class<?> type, String path) {
		Class<?> current = type;
		Field field = null;
		for (String part : path.split("\\.")) {
			field = (current != null) ? ReflectionUtils.findField(current, camel(part)) : null;
			if (field == null) {
				return false;
			}
			current = field.getType();
		}
		return field != null && field.isAnnotationPresent(RestartRequired.class);
	}

}

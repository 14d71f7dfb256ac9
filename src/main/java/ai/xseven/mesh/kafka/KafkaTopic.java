package ai.xseven.mesh.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A Kafka topic that callers may publish to: Kafka's name rules (letters, digits, '.', '_', '-',
 * at most 249 characters, not '.' or '..'), and none of Kafka's internal topics ({@code __…}).
 */
@Documented
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KafkaTopic.Validator.class)
public @interface KafkaTopic {

	String message() default "must be 1 to 249 letters, digits, '.', '_' or '-', not '.' or '..', and not start with '__'";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Checks a name against the rules.
	 */
	class Validator implements ConstraintValidator<KafkaTopic, String> {

		private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

		@Override
		public boolean isValid(String topic, ConstraintValidatorContext context) {
			return valid(topic);
		}

		static boolean valid(String topic) {
			return topic != null && NAME.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..")
					&& !topic.startsWith("__");
		}

	}

}

package ai.xseven.mesh.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigControllerTests {

	@Test
	void ifMatchNamesAVersionQuotedWeakOrBareAndAnythingElseMatchesNone() {
		assertThat(ConfigController.expectedVersion("\"7\"")).isEqualTo(7L);
		assertThat(ConfigController.expectedVersion("W/\"7\"")).isEqualTo(7L);
		assertThat(ConfigController.expectedVersion("7")).isEqualTo(7L);
		assertThat(ConfigController.expectedVersion("*")).isNull();
		assertThat(ConfigController.expectedVersion(null)).isNull();
		assertThat(ConfigController.expectedVersion("\"abc\"")).isEqualTo(-1L);
	}

}

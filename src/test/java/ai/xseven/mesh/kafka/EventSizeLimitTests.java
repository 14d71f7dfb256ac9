package ai.xseven.mesh.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventSizeLimitTests {

	@Test
	void theSizeFromLengthsIsKafkasEstimateOfTheBytes() {
		for (String compression : new String[] { "none", "zstd" }) {
			EventSizeLimit limit = EventSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576",
					ProducerConfig.COMPRESSION_TYPE_CONFIG, compression));
			// Around each length where the varint of the value's length grows a byte, with and without a key.
			for (int length : new int[] { 2, 63, 64, 127, 128, 8191, 8192, 16383, 16384, 1_048_000, 2_097_152 }) {
				for (String key : new String[] { null, "", "customer-7", "ë".repeat(512) }) {
					String payload = "\"" + "é".repeat((length - 2) / 2) + "x".repeat((length - 2) % 2) + "\"";
					OutboxEvent event = OutboxEvent.of("2f1c8a52-9a43-4b52-8d0e-5b1e0f6f4a11", "orders", key, payload);
					assertThat(limit.recordSize(event)).as("%s, %d bytes, key %s", compression, length, key)
						.isEqualTo(estimate(CompressionType.forName(compression), event));
				}
			}
		}
	}

	private static int estimate(CompressionType compression, OutboxEvent event) {
		byte[] key = (event.key() != null) ? event.key().getBytes(StandardCharsets.UTF_8) : null;
		Header[] headers = { new RecordHeader(KafkaEventPublisher.EVENT_ID_HEADER,
				event.eventId().getBytes(StandardCharsets.UTF_8)) };
		return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, compression, key,
				event.payload(), headers);
	}

}

package ai.xseven.mesh.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.common.utils.Utils;

/**
 * The largest event the producer sends, checked as the producer itself checks it: Kafka's
 * estimate of the record's serialized size (key, value, the {@code event-id} header and the
 * record batch's overhead) against {@code max.request.size}. An event beyond it is refused at the
 * door, so that it never reaches the outbox.
 */
final class EventSizeLimit {

	private final int maxRequestSize;

	private final CompressionType compression;

	EventSizeLimit(int maxRequestSize, CompressionType compression) {
		this.maxRequestSize = maxRequestSize;
		this.compression = compression;
	}

	/**
	 * The limit of a producer's settings.
	 * @param producerConfig the producer's settings
	 * @return the limit
	 */
	static EventSizeLimit of(Map<String, Object> producerConfig) {
		Object size = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
		Object compression = producerConfig.get(ProducerConfig.COMPRESSION_TYPE_CONFIG);
		return new EventSizeLimit((size != null) ? Integer.parseInt(size.toString()) : 1024 * 1024,
				(compression != null) ? CompressionType.forName(compression.toString()) : CompressionType.NONE);
	}

	int maxRequestSize() {
		return this.maxRequestSize;
	}

	/**
	 * The size the producer will reckon for the record of an event, from the lengths of its key
	 * and value: Kafka's estimate of a record with an empty value, plus the value's bytes and
	 * the growth of their length's varint (the value takes no other room in a v2 record). No
	 * copy of the value is made, which for the largest event is a megabyte per request.
	 * @param event the event
	 * @return its serialized size, upper bound
	 */
	int recordSize(OutboxEvent event) {
		byte[] key = (event.key() != null) ? event.key().getBytes(StandardCharsets.UTF_8) : null;
		int valueLength = event.sizeBytes() - ((key != null) ? key.length : 0);
		Header[] headers = { new RecordHeader(KafkaEventPublisher.EVENT_ID_HEADER,
				event.eventId().getBytes(StandardCharsets.UTF_8)) };
		int withoutValue = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
				this.compression, Utils.wrapNullable(key), ByteBuffer.allocate(0), headers);
		return withoutValue + valueLength + ByteUtils.sizeOfVarint(valueLength) - ByteUtils.sizeOfVarint(0);
	}

}

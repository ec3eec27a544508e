package io.github.agentfeedback.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonUndefined;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.Test;

/** Model values to BSON and back, for the values other writers leave in shared documents. */
class BsonValuesTest {

  /** The UUID of the fixed vector: bytes 00 11 22 .. ff in this order. */
  private static final UUID VECTOR = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

  private static byte[] vectorBytes() {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 16; i++) {
      bytes[i] = (byte) (i * 0x11);
    }
    return bytes;
  }

  @Test
  void uuidsOfSubtypeFourAndPythonsLegacySubtypeThreeReadAsTheirText() {
    BsonBinary python = new BsonBinary(BsonBinarySubType.UUID_LEGACY, vectorBytes());
    assertThat(BsonValues.uuidText(python)).isEqualTo(VECTOR.toString());
    assertThat(BsonValues.uuidText(new BsonBinary(VECTOR))).isEqualTo(VECTOR.toString());
    // The same bytes in Java's or C#'s legacy order would name other UUIDs.
    assertThat(python.asUuid(UuidRepresentation.JAVA_LEGACY)).isNotEqualTo(VECTOR);
    assertThat(python.asUuid(UuidRepresentation.C_SHARP_LEGACY)).isNotEqualTo(VECTOR);
    assertThat(
            BsonValues.uuidText(
                new BsonBinary(BsonBinarySubType.UUID_LEGACY, Arrays.copyOf(vectorBytes(), 15))))
        .isNull();
    assertThat(BsonValues.uuidText(new BsonBinary(vectorBytes()))).isNull(); // generic binary
    assertThat(BsonValues.toModel(python, 1)).isEqualTo(VECTOR.toString());
  }

  @Test
  void aNullMetadataValueIsWrittenAsBsonNull() {
    assertThat(BsonValues.toBson(null)).isEqualTo(BsonNull.VALUE);
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("closed_reason", null);
    assertThat(BsonValues.toBson(withNull))
        .isEqualTo(new BsonDocument("closed_reason", BsonNull.VALUE));
    BsonDocument written = new BsonDocument();
    BsonDocumentWriter writer = new BsonDocumentWriter(written);
    writer.writeStartDocument();
    writer.writeName("v");
    BsonValues.write(writer, null);
    writer.writeEndDocument();
    assertThat(written).isEqualTo(new BsonDocument("v", BsonNull.VALUE));
  }

  @Test
  void metadataKeepsNullValuesWhereAttributesDropThem() {
    BsonDocument stored =
        new BsonDocument("closed_reason", BsonNull.VALUE)
            .append("legacy", new BsonUndefined())
            .append(
                "nested",
                new BsonDocument("a", BsonNull.VALUE)
                    .append("b", new BsonArray(List.of(new BsonInt32(1), BsonNull.VALUE))))
            .append("n", new BsonInt64(3))
            .append("$bad", new BsonString("dropped"));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("a", null);
    List<Object> list = new ArrayList<>();
    list.add(1);
    list.add(null);
    nested.put("b", list);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("closed_reason", null);
    expected.put("legacy", null);
    expected.put("nested", nested);
    expected.put("n", 3L);
    assertThat(BsonValues.metadata(stored)).containsExactlyEntriesOf(expected);
    assertThat(BsonValues.map(stored, 0))
        .containsExactlyInAnyOrderEntriesOf(Map.of("nested", Map.of("b", List.of(1)), "n", 3L));
  }
}

package dev.nificrm.mapping;

import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain-main throughput probe (not a test): a 20-field Salesforce → HubSpot-style rename through a compiled
 * {@link MappingPlan}, next to the same copy done the way UpdateRecord does it (one compiled RecordPath per source and
 * per target field, evaluated per record). The real side-by-side benchmark with UpdateRecord belongs to the benchmark
 * module; run this with {@code java -cp <test classpath> dev.nificrm.mapping.MappingThroughput}.
 */
public final class MappingThroughput {
    private static final int FIELDS = 20;
    private static final int RECORDS = 200_000;

    private MappingThroughput() {
    }

    public static void main(final String[] arguments) throws MappingConfigurationException {
        final List<RecordField> sourceFields = new ArrayList<>();
        final Map<String, FieldSpecification> specification = new LinkedHashMap<>();
        final List<RecordField> targetFields = new ArrayList<>();
        for (int i = 0; i < FIELDS; i++) {
            sourceFields.add(new RecordField("SourceField" + i, RecordFieldType.STRING.getDataType(), true));
            targetFields.add(new RecordField("target_" + i, RecordFieldType.STRING.getDataType(), true));
            specification.put("target_" + i, new FieldSpecification("/SourceField" + i, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        }
        final RecordSchema sourceSchema = new SimpleRecordSchema(sourceFields);
        final RecordSchema targetSchema = new SimpleRecordSchema(targetFields);
        final List<Record> records = new ArrayList<>(RECORDS);
        for (int r = 0; r < RECORDS; r++) {
            final Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < FIELDS; i++) {
                values.put("SourceField" + i, "value " + r + "/" + i);
            }
            records.add(new MapRecord(sourceSchema, values));
        }

        final MappingPlan plan = MappingCompiler.compile(null, null, new MappingSpecification(specification, null, null, null), null,
                UnmappedFieldPolicy.DROP, "crm_errors");
        final RecordPath[] sourcePaths = new RecordPath[FIELDS];
        final RecordPath[] targetPaths = new RecordPath[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            sourcePaths[i] = RecordPath.compile("/SourceField" + i);
            targetPaths[i] = RecordPath.compile("/target_" + i);
        }

        for (int round = 0; round < 12; round++) {
            long checksum = 0;
            long start = System.nanoTime();
            for (final Record record : records) {
                checksum += plan.map(record).record().getValues().length;
            }
            final double planRate = RECORDS / ((System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            for (final Record record : records) {
                final Record target = new MapRecord(targetSchema, new HashMap<>());
                for (int i = 0; i < FIELDS; i++) {
                    final Optional<FieldValue> selected = sourcePaths[i].evaluate(record).getSelectedFields().findFirst();
                    final Object value = selected.map(FieldValue::getValue).orElse(null);
                    targetPaths[i].evaluate(target).getSelectedFields().forEach(field -> field.updateValue(value));
                }
                checksum += target.getValues().length;
            }
            final double recordPathRate = RECORDS / ((System.nanoTime() - start) / 1e9);
            System.out.printf("round %d: MappingPlan %,.0f records/s, RecordPath per field %,.0f records/s, ratio %.1fx (checksum %d)%n",
                    round, planRate, recordPathRate, planRate / recordPathRate, checksum);
        }
    }
}

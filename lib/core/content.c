/* File: lib/core/content.c
 * Phase 3 of channel-file.md: CG206, then each instance in table order (its
 * CG2xx checks, its criteria, its compatibility with each target sensor),
 * then CG205 and CG316. */

#include "core_internal.h"

/* Index of the template type with wire id `id`, or -1: binary search over
 * the schema's id order. */
static int32_t find_type(const cg_schema* schema, uint32_t id) {
  uint32_t lo = 0, hi = schema->type_count;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const uint32_t index = schema->types_by_id[mid];
    const uint32_t mid_id = schema->types[index].id;
    if (mid_id == id) return (int32_t)index;
    if (mid_id < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

/* The inputs `sensor` supplies for template type index `type_index`, or
 * CG_NONE when it has no input list for it: binary search over its pairs,
 * which are ascending by type. */
static uint32_t sensor_inputs(const cg_sensor* sensor, uint32_t type_index) {
  uint32_t lo = 0, hi = sensor->input_count;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const uint32_t mid_type = sensor->inputs[mid].type;
    if (mid_type == type_index) return sensor->inputs[mid].count;
    if (mid_type < type_index) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return CG_NONE;
}

/* CG400-CG402 of one instance against one sensor. Returns nonzero to stop. */
static int check_compatibility(cg_state* s, uint64_t entry_offset, uint32_t type_index,
                               const cg_template_type* type, uint32_t sensor,
                               uint64_t criteria_offset) {
  const uint32_t inputs = sensor_inputs(&s->schema->sensors[sensor], type_index);
  int any_unsupplied = 0;
  uint32_t i;
  if (inputs == CG_NONE) return cg_report(s, 402, entry_offset, CG_NONE, type_index, 0);
  if (inputs >= type->field_count) return 0;
  for (i = inputs; i < type->field_count; ++i) {
    const uint64_t offset = criteria_offset + (uint64_t)CG_CRITERION_ENTRY_SIZE * i;
    if (s->data[offset + CG_CRITERION_OP] == CG_OP_ANY) continue;
    any_unsupplied = 1;
    if (cg_report(s, 400, offset, i, inputs, type->field_count)) return 1;
  }
  if (any_unsupplied) return 0;
  return cg_report(s, 401, entry_offset, CG_NONE, inputs, type->field_count);
}

/* The instance checks, the criteria and compatibility of instance k, whose
 * entry is `entry`. */
static void check_instance(cg_state* s, uint32_t k, const cg_instance_entry* entry,
                           uint32_t previous_id, int32_t type_index, uint64_t expected_first) {
  const cg_schema* schema = s->schema;
  const uint64_t entry_offset = CG_HEADER_SIZE + (uint64_t)CG_INSTANCE_ENTRY_SIZE * k;
  const uint32_t id = entry->id;
  const uint16_t count = entry->criterion_count;
  const uint64_t first = entry->first_criterion;
  const cg_template_type* type = type_index >= 0 ? &schema->types[type_index] : NULL;
  const cg_options* options = s->options;
  uint64_t criteria_offset;
  int tied = 1;
  size_t t, targets;
  s->instance = k;
  s->instance_id = id;

  if (id == 0 && cg_report(s, 200, entry_offset, CG_NONE, k, 0)) return;
  if (k > 0 && id <= previous_id && cg_report(s, 201, entry_offset, CG_NONE, id, previous_id)) {
    return;
  }
  if (type == NULL) {
    tied = 0;
    if (cg_report(s, 202, entry_offset, CG_NONE, entry->template_type_id, 0)) return;
  } else if (count != type->field_count) {
    tied = 0;
    if (cg_report(s, 203, entry_offset, CG_NONE, count, type->field_count)) {
      return;
    }
  }
  if (first != expected_first || first + count > s->criterion_count) {
    tied = 0;
    if (cg_report(s, 204, entry_offset, CG_NONE, first, expected_first)) return;
  }
  if (((entry->flags & ~CG_INSTANCE_DISABLED) != 0 || entry->reserved != 0) &&
      cg_report(s, 207, entry_offset, CG_NONE, entry->flags, entry->reserved)) {
    return;
  }
  if (!tied || type == NULL) return;

  criteria_offset = s->criterion_table + (uint64_t)CG_CRITERION_ENTRY_SIZE * first;
  cg_check_criteria(s, type, criteria_offset);
  if (s->stop) return;
  targets = options->targets != NULL ? options->target_count : schema->sensor_count;
  for (t = 0; t < targets; ++t) {
    const uint32_t sensor = options->targets != NULL ? options->targets[t] : (uint32_t)t;
    if (sensor >= schema->sensor_count) continue;
    s->sensor = sensor;
    if (check_compatibility(s, entry_offset, (uint32_t)type_index, type, sensor, criteria_offset)) {
      return;
    }
  }
  s->sensor = CG_NONE;
}

void cg_check_content(cg_state* s) {
  const cg_schema* schema = s->schema;
  const uint32_t channel_id = cg_load32(s->data + CG_HEADER_CHANNEL_ID);
  cg_instance_entry entry;
  uint64_t expected_first = 0, unreferenced, first;
  uint32_t k, previous_id = 0;
  uint32_t last_type_id = 0x10000; /* no uint16_t id: the first instance looks up */
  int32_t type_index = -1;

  if (channel_id != schema->channel_id &&
      cg_report(s, 206, CG_HEADER_CHANNEL_ID, CG_NONE, channel_id, schema->channel_id)) {
    return;
  }
  for (k = 0; k < s->instance_count; ++k) {
    cg_read_instance_entry(s->data + CG_HEADER_SIZE + (uint64_t)CG_INSTANCE_ENTRY_SIZE * k, &entry);
    /* Instances of one type usually come in runs: look a type up once per run. */
    if (entry.template_type_id != last_type_id) {
      last_type_id = entry.template_type_id;
      type_index = find_type(schema, entry.template_type_id);
    }
    check_instance(s, k, &entry, previous_id, type_index, expected_first);
    if (s->stop) return;
    previous_id = entry.id;
    expected_first += entry.criterion_count;
  }
  s->instance = CG_NONE;
  s->instance_id = 0;
  if (expected_first != s->criterion_count &&
      cg_report(s, 205, CG_HEADER_CRITERION_COUNT, CG_NONE, s->criterion_count, expected_first)) {
    return;
  }
  if (s->result->errors != 0) return;
  unreferenced = cg_unreferenced(s, &first);
  if (unreferenced != 0) {
    cg_report(s, 316, cg_load32(s->data + CG_HEADER_POOL_OFFSET) + first, CG_NONE, unreferenced,
              first);
  }
}

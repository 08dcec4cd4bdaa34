/* File: examples/sensor_loader/main.c
 * A sensor-side content loader in plain C99: it includes only the validator
 * core (contentgate/core.h) and the schema tables `contentgate gen-header
 * --lang c` generated, copies a channel file into private memory, validates
 * it for its own sensor version, and either accepts it or rejects it,
 * listing the instances that are unsafe on this sensor (from on_diag), and
 * keeps the content it already runs (the default policy).
 *
 *   sensor_loader FILE SENSOR_VERSION
 * Exit status: 0 accepted, 1 rejected, 2 usage or I/O error. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel_291_tables.h"
#include "contentgate/core.h"

#define MAX_LISTED 64

/* What on_diag collects: the instances unsafe on this sensor. */
typedef struct unsafe_list {
  uint32_t count;
  uint32_t index[MAX_LISTED];
  uint32_t id[MAX_LISTED];
} unsafe_list;

static int collect(void* ctx, const cg_diag* d) {
  unsafe_list* list = (unsafe_list*)ctx;
  if (d->severity != CG_ERROR || d->instance == CG_NONE) return 0;
  if (list->count != 0 && list->index[list->count - 1] == d->instance) return 0;
  if (list->count < MAX_LISTED) {
    list->index[list->count] = d->instance;
    list->id[list->count] = d->instance_id;
  }
  ++list->count;
  return 0;
}

/* Reads the whole file into private memory: the core must validate the
 * bytes the sensor will use, and nothing may change them in between. */
static uint8_t* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  uint8_t* data = NULL;
  size_t cap = 0;
  *size = 0;
  if (f == NULL) return NULL;
  for (;;) {
    size_t n;
    if (*size == cap) {
      uint8_t* grown;
      cap = cap == 0 ? 4096 : 2 * cap;
      grown = (uint8_t*)realloc(data, cap);
      if (grown == NULL) break;
      data = grown;
    }
    n = fread(data + *size, 1, cap - *size, f);
    *size += n;
    if (n == 0) break;
  }
  if (ferror(f)) {
    free(data);
    data = NULL;
  }
  fclose(f);
  return data != NULL ? data : (uint8_t*)malloc(1);
}

int main(int argc, char** argv) {
  const cg_schema* schema = cg_schema_named_pipe_execution_get();
  uint32_t sensor = CG_NONE, s, k;
  size_t size, scratch_size;
  uint8_t* data;
  void* scratch;
  cg_options options;
  cg_result result;
  unsafe_list unsafe;
  int code;
  if (argc != 3) {
    fprintf(stderr, "usage: sensor_loader FILE SENSOR_VERSION\n");
    return 2;
  }
  for (s = 0; s < schema->sensor_count; ++s) {
    if (strcmp(schema->sensors[s].version, argv[2]) == 0) sensor = s;
  }
  if (sensor == CG_NONE) {
    fprintf(stderr, "sensor_loader: sensor %s is not in the schema\n", argv[2]);
    return 2;
  }
  data = read_file(argv[1], &size);
  if (data == NULL) {
    fprintf(stderr, "sensor_loader: cannot read %s\n", argv[1]);
    return 2;
  }
  /* A driver sizes this once from max_file_size; larger files are CG106. */
  scratch_size = cg_scratch_size(size < schema->max_file_size ? size : 0);
  scratch = malloc(scratch_size);
  memset(&options, 0, sizeof options);
  memset(&unsafe, 0, sizeof unsafe);
  options.targets = &sensor;
  options.target_count = 1;
  options.on_diag = collect;
  options.ctx = &unsafe;
  code = cg_validate(data, size, schema, &options, scratch, scratch_size, &result);
  if (code == 0) {
    printf("sensor_loader: %s is valid for sensor %s (%u warnings): loading it\n", argv[1], argv[2],
           (unsigned)result.warnings);
  } else {
    printf("sensor_loader: %s rejected for sensor %s: %u errors, the first CG%u at offset %u",
           argv[1], argv[2], (unsigned)result.errors, (unsigned)result.first_error.code,
           (unsigned)result.first_error.offset);
    if (result.first_error.instance != CG_NONE) {
      printf(" (instance %u", (unsigned)result.first_error.instance);
      if (result.first_error.criterion != CG_NONE) {
        printf(", criterion %u", (unsigned)result.first_error.criterion);
      }
      printf(")");
    }
    printf("\n");
    if (unsafe.count != 0) {
      printf("sensor_loader: %u unsafe instances:", (unsigned)unsafe.count);
      for (k = 0; k < unsafe.count && k < MAX_LISTED; ++k) {
        printf(" %u (id %u)", (unsigned)unsafe.index[k], (unsigned)unsafe.id[k]);
      }
      printf("\n");
    }
    printf("sensor_loader: keeping the current content\n");
  }
  free(scratch);
  free(data);
  return code == 0 ? 0 : code < 0 ? 2 : 1;
}

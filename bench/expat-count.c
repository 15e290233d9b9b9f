/* The throughput limit for Foyer's parser: the system libexpat fed a whole XMPP stream in
 * fixed-size chunks, doing nothing but counting the stream's depth-1 elements (stanzas)
 * by name. No tree, no text, no JS: whatever Foyer's parser costs above this is its own.
 *
 * usage: expat-count FILE CHUNK_BYTES [PASSES]
 * prints one JSON line: {"ms":..,"cpuMs":..,"stanzas":..,"names":{..},"peakRssKiB":..,"expat":".."}
 * The file is read into memory first; only the parse loop is timed, in wall-clock time
 * (ms) and in CPU time (cpuMs, which waiting for a busy CPU does not inflate). With
 * PASSES > 1 the stream is parsed that many times, each by a new parser, and the last
 * pass is the one timed and counted (the benches' warm mode, see run-parser.ts). */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_NAMES 32

struct counter {
  int depth;
  long stanzas;
  int name_count;
  char *names[MAX_NAMES];
  long name_totals[MAX_NAMES];
};

static void count_name(struct counter *counter, const XML_Char *name) {
  for (int i = 0; i < counter->name_count; i++) {
    if (strcmp(counter->names[i], name) == 0) {
      counter->name_totals[i]++;
      return;
    }
  }
  if (counter->name_count == MAX_NAMES) {
    fprintf(stderr, "expat-count: more than %d distinct stanza names\n", MAX_NAMES);
    exit(1);
  }
  counter->names[counter->name_count] = strdup(name);
  counter->name_totals[counter->name_count++] = 1;
}

static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **attrs) {
  (void)attrs;
  struct counter *counter = data;
  /* depth 0 is the stream header; its children are the stanzas */
  if (counter->depth == 1) {
    counter->stanzas++;
    count_name(counter, name);
  }
  counter->depth++;
}

static void XMLCALL on_end(void *data, const XML_Char *name) {
  (void)name;
  ((struct counter *)data)->depth--;
}

static char *read_file(const char *path, size_t *length) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *bytes = malloc(size > 0 ? (size_t)size : 1);
  if (bytes == NULL || fread(bytes, 1, (size_t)size, file) != (size_t)size) {
    fclose(file);
    free(bytes);
    return NULL;
  }
  fclose(file);
  *length = (size_t)size;
  return bytes;
}

static double clock_ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct pass {
  double ms;
  double cpu_ms;
  struct counter counter;
};

/* Parses the whole stream with a new parser; returns 0, or 1 after printing expat's error. */
static int parse_stream(const char *bytes, size_t length, size_t chunk, struct pass *pass) {
  memset(&pass->counter, 0, sizeof pass->counter);
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == NULL) {
    fprintf(stderr, "expat-count: out of memory\n");
    return 1;
  }
  XML_SetUserData(parser, &pass->counter);
  XML_SetElementHandler(parser, on_start, on_end);

  int failed = 0;
  double start = clock_ms(CLOCK_MONOTONIC);
  double cpu_start = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  for (size_t offset = 0; offset < length && !failed; offset += chunk) {
    size_t size = length - offset < chunk ? length - offset : chunk;
    failed = XML_Parse(parser, bytes + offset, (int)size, 0) != XML_STATUS_OK;
  }
  if (!failed) failed = XML_Parse(parser, NULL, 0, 1) != XML_STATUS_OK;
  pass->ms = clock_ms(CLOCK_MONOTONIC) - start;
  pass->cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  if (failed) {
    fprintf(stderr, "expat-count: %s at line %lu\n", XML_ErrorString(XML_GetErrorCode(parser)),
            (unsigned long)XML_GetCurrentLineNumber(parser));
  }
  XML_ParserFree(parser);
  return failed;
}

int main(int argc, char **argv) {
  if ((argc != 3 && argc != 4) || atol(argv[2]) <= 0 || (argc == 4 && atol(argv[3]) <= 0)) {
    fprintf(stderr, "usage: expat-count FILE CHUNK_BYTES [PASSES]\n");
    return 2;
  }
  size_t chunk = (size_t)atol(argv[2]);
  long passes = argc == 4 ? atol(argv[3]) : 1;
  size_t length;
  char *bytes = read_file(argv[1], &length);
  if (bytes == NULL) {
    perror(argv[1]);
    return 2;
  }

  struct pass pass;
  for (long i = 0; i < passes; i++) {
    if (i > 0) {
      for (int n = 0; n < pass.counter.name_count; n++) free(pass.counter.names[n]);
    }
    if (parse_stream(bytes, length, chunk, &pass) != 0) return 1;
  }

  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("{\"ms\":%.3f,\"cpuMs\":%.3f,\"stanzas\":%ld,\"names\":{", pass.ms, pass.cpu_ms, pass.counter.stanzas);
  for (int i = 0; i < pass.counter.name_count; i++) {
    printf("%s\"%s\":%ld", i ? "," : "", pass.counter.names[i], pass.counter.name_totals[i]);
  }
  printf("},\"peakRssKiB\":%ld,\"expat\":\"%s\"}\n", usage.ru_maxrss, XML_ExpatVersion());
  return 0;
}

/*
 * An LD_PRELOAD shim that makes a process believe the machine slept, or
 * that the user set the wall clock, without waiting for either.
 *
 *   sleep_shim_suspend(D)     CLOCK_BOOTTIME and CLOCK_REALTIME jump D s
 *                             ahead; CLOCK_MONOTONIC does not, as on a
 *                             Linux or Android device after D s of suspend
 *   sleep_shim_set_wall(D)    CLOCK_REALTIME alone jumps D s (a user or
 *                             NTP setting the clock)
 *
 * Both are found with dlsym(RTLD_DEFAULT, ...) by the test that drives them
 * (test_sleep.c; the Java and Objective-C suites reach them the same way).
 * Every other clock, and the real time passing, is left alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#define NANOS_PER_SECOND 1000000000LL

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static clock_gettime_fn real_clock_gettime;
static atomic_llong boot_shift_ns;
static atomic_llong wall_shift_ns;

__attribute__((constructor)) static void sleep_shim_init(void) {
    /* POSIX's way to turn dlsym's object pointer into a function pointer. */
    *(void **)(&real_clock_gettime) = dlsym(RTLD_NEXT, "clock_gettime");
}

static void shift(struct timespec *now, long long ns) {
    long long total = (long long)now->tv_nsec + ns % NANOS_PER_SECOND;
    now->tv_sec += (time_t)(ns / NANOS_PER_SECOND + total / NANOS_PER_SECOND);
    now->tv_nsec = (long)(total % NANOS_PER_SECOND);
    if (now->tv_nsec < 0) {
        now->tv_nsec += NANOS_PER_SECOND;
        now->tv_sec -= 1;
    }
}

int clock_gettime(clockid_t clock, struct timespec *now) {
    int status;
    if (real_clock_gettime == NULL) {
        sleep_shim_init();
    }
    status = real_clock_gettime(clock, now);
    if (status == 0 && clock == CLOCK_BOOTTIME) {
        shift(now, atomic_load(&boot_shift_ns));
    } else if (status == 0 && clock == CLOCK_REALTIME) {
        shift(now, atomic_load(&boot_shift_ns) + atomic_load(&wall_shift_ns));
    }
    return status;
}

/* The machine "sleeps" for `seconds`: boot time and wall clock move on. */
void sleep_shim_suspend(int64_t seconds) {
    atomic_fetch_add(&boot_shift_ns, (long long)seconds * NANOS_PER_SECOND);
}

/* The wall clock alone is set `seconds` ahead (behind when negative). */
void sleep_shim_set_wall(int64_t seconds) {
    atomic_fetch_add(&wall_shift_ns, (long long)seconds * NANOS_PER_SECOND);
}

# Wardround: a thin wrapper over CMake, so that the README's two commands do everything.
#   make demo   set up, build, and run the main job on SQLite
#   make test   set up, build (GCC and clang-14 with ASan+UBSan), run every test but the slow ones
# Other targets: build, bench, format, tidy, clean.

BUILD_DIR ?= build/release
ASAN_DIR ?= build/asan
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")

.PHONY: all setup build demo test bench format tidy clean

all: build

setup:
	@scripts/setup

build: setup
	@cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDROUND_WERROR=ON -DWARDROUND_BUILD_BENCH=ON >/dev/null
	@cmake --build $(BUILD_DIR)

demo: build
	@scripts/demo $(BUILD_DIR)/src/cli/wardround

test: setup
	@scripts/test

bench: build
	@scripts/bench $(BUILD_DIR)
	@scripts/bench-inventory $(BUILD_DIR)
	@scripts/bench-match $(BUILD_DIR)
	@scripts/bench-checks $(BUILD_DIR)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format-14 -i

tidy: build
	@git ls-files 'src/*.cpp' | xargs clang-tidy-14 -p $(BUILD_DIR) --quiet

clean:
	@rm -rf build

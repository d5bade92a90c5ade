// SPDX-License-Identifier: Apache-2.0
// The migration scripts, embedded from src/store/schema_v*.sql at build time.
#pragma once

namespace wardround::store::detail {

extern const char* const kSchemaV1;
extern const char* const kSchemaV2;
extern const char* const kSchemaV3;
extern const char* const kSchemaV4;
extern const char* const kSchemaV5;
extern const char* const kSchemaV6;
extern const char* const kSchemaV7;

}  // namespace wardround::store::detail

// File: lib/event_values.h
// The value rules of recorded events and test events: how a JSON value
// becomes the input value of one template field (simulate's events and the
// `event` of a content test share them).

#ifndef CONTENTGATE_LIB_EVENT_VALUES_H_
#define CONTENTGATE_LIB_EVENT_VALUES_H_

#include <string>

#include "contentgate/interpreter.h"
#include "contentgate/schema.h"
#include "json_flat.h"

namespace contentgate::internal {

// Converts `value` to the input of `field`: integer fields take an unsigned
// integer within the type's width, bool fields true/false, enum fields a
// value name or an integer 0 to 4294967295, string fields a string (the
// InputValue then views value.text(): the JsonDoc and its text must outlive
// it). Returns false and sets `need` to what the field needs ("a string",
// ...) otherwise.
bool EventFieldValue(const Field& field, JsonRef value, InputValue* out, std::string* need);

// The input a field gets when an event leaves it out: 0, false or "".
InputValue DefaultFieldValue(const Field& field);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_EVENT_VALUES_H_

#ifndef HYGIENE_CDBUS_SHIM_H
#define HYGIENE_CDBUS_SHIM_H

#include <dbus/dbus.h>

// The type codes are macros with casts, which Swift does not import: plain constants instead.
static const int hygiene_dbus_type_invalid = DBUS_TYPE_INVALID;
static const int hygiene_dbus_type_byte = DBUS_TYPE_BYTE;
static const int hygiene_dbus_type_boolean = DBUS_TYPE_BOOLEAN;
static const int hygiene_dbus_type_int16 = DBUS_TYPE_INT16;
static const int hygiene_dbus_type_uint16 = DBUS_TYPE_UINT16;
static const int hygiene_dbus_type_int32 = DBUS_TYPE_INT32;
static const int hygiene_dbus_type_uint32 = DBUS_TYPE_UINT32;
static const int hygiene_dbus_type_int64 = DBUS_TYPE_INT64;
static const int hygiene_dbus_type_uint64 = DBUS_TYPE_UINT64;
static const int hygiene_dbus_type_double = DBUS_TYPE_DOUBLE;
static const int hygiene_dbus_type_string = DBUS_TYPE_STRING;
static const int hygiene_dbus_type_object_path = DBUS_TYPE_OBJECT_PATH;
static const int hygiene_dbus_type_signature = DBUS_TYPE_SIGNATURE;
static const int hygiene_dbus_type_array = DBUS_TYPE_ARRAY;
static const int hygiene_dbus_type_variant = DBUS_TYPE_VARIANT;
static const int hygiene_dbus_type_struct = DBUS_TYPE_STRUCT;
static const int hygiene_dbus_type_dict_entry = DBUS_TYPE_DICT_ENTRY;
static const int hygiene_dbus_type_unix_fd = DBUS_TYPE_UNIX_FD;
static const int hygiene_dbus_message_type_method_return = DBUS_MESSAGE_TYPE_METHOD_RETURN;
static const int hygiene_dbus_message_type_error = DBUS_MESSAGE_TYPE_ERROR;
static const int hygiene_dbus_message_type_signal = DBUS_MESSAGE_TYPE_SIGNAL;

#endif

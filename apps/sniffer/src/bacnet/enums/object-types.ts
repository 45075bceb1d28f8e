// BACnetObjectType (ASHRAE 135-2020 clause 21, with addendum 2020ca).
// Generated once from the standard's tables (see README.md, "Enumerations"); edit by hand, keep the format.

/** Standard names of object types 0-127, comma-separated by value. */
export const OBJECT_TYPE_NAMES =
  "analog-input,analog-output,analog-value,binary-input,binary-output,binary-value,calendar,command,device,event-enrollment,file,group,loop,multi-state-input,multi-state-output,notification-class,program,schedule,averaging,multi-state-value,trend-log,life-safety-point,life-safety-zone,accumulator,pulse-converter,event-log,global-group,trend-log-multiple,load-control,structured-view,access-door,timer,access-credential,access-point,access-rights,access-user,access-zone,credential-data-input,network-security,bitstring-value,characterstring-value,date-pattern-value,date-value,datetime-pattern-value,datetime-value,integer-value,large-analog-value,octetstring-value,positive-integer-value,time-pattern-value,time-value,notification-forwarder,alert-enrollment,channel,lighting-output,binary-lighting-output,network-port,elevator-group,escalator,lift,staging,audit-log,audit-reporter,color,color-temperature";

/** Where Wireshark 4.0 prints another name than the standard: `value=name`. */
export const OBJECT_TYPE_TSHARK = "";

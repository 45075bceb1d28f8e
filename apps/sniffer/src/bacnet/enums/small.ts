// The short enumerations of ASHRAE 135-2020 (clause 21 and clause 6 for the network layer).
// Generated once from the standard's tables (see README.md, "Enumerations"); edit by hand, keep the format.

/** BACnetRejectReason 0-63, by value. */
export const REJECT_REASON_NAMES =
  "other,buffer-overflow,inconsistent-parameters,invalid-parameter-data-type,invalid-tag,missing-required-parameter,parameter-out-of-range,too-many-arguments,undefined-enumeration,unrecognized-service,invalid-data-encoding";

/** BACnetAbortReason 0-63, by value. */
export const ABORT_REASON_NAMES =
  "other,buffer-overflow,invalid-apdu-in-this-state,preempted-by-higher-priority-task,segmentation-not-supported,security-error,insufficient-security,window-size-out-of-range,application-exceeded-reply-time,out-of-resources,tsm-timeout,apdu-too-long";

/** BACnetSegmentation, by value. */
export const SEGMENTATION_NAMES = "segmented-both,segmented-transmit,segmented-receive,no-segmentation";

/** BACnetEventState 0-63, by value. */
export const EVENT_STATE_NAMES = "normal,fault,offnormal,high-limit,low-limit,life-safety-alarm";

/** BACnetEventType 0-63, by value. */
export const EVENT_TYPE_NAMES =
  "change-of-bitstring,change-of-state,change-of-value,command-failure,floating-limit,out-of-range,complex-event-type,,change-of-life-safety,extended,buffer-ready,unsigned-range,,access-event,double-out-of-range,signed-out-of-range,unsigned-out-of-range,change-of-characterstring,change-of-status-flags,change-of-reliability,none,change-of-discrete-value,change-of-timer";

/** BACnetNotifyType, by value. */
export const NOTIFY_TYPE_NAMES = "alarm,event,ack-notification";

/** BACnetReliability 0-63, by value. */
export const RELIABILITY_NAMES =
  "no-fault-detected,no-sensor,over-range,under-range,open-loop,shorted-loop,no-output,unreliable-other,process-error,mult-state-fault,configuration-error,,communication-failure,member-fault,monitored-object-fault,tripped,lamp-failure,activation-failure,renew-dhcp-failure,renew-fd-registration-failure,restart-auto-negotiation-failure,restart-failure,proprietary-command-failure,faults-listed,referenced-object-fault,multi-state-out-of-range";

/** BACnetDeviceStatus 0-63, by value. */
export const DEVICE_STATUS_NAMES =
  "operational,operational-read-only,download-required,download-in-progress,non-operational,backup-in-progress";

/** BACnetBinaryPV, by value. */
export const BINARY_PV_NAMES = "inactive,active";

/** BACnetPolarity, by value. */
export const POLARITY_NAMES = "normal,reverse";

/** BACnetRestartReason 0-63, by value. */
export const RESTART_REASON_NAMES =
  "unknown,coldstart,warmstart,detected-power-lost,detected-powered-off,hardware-watchdog,software-watchdog,suspended,activate-changes";

/** Network layer message types 0x00-0x13 (clause 6.2.4), by value. */
export const NETWORK_MESSAGE_NAMES =
  "Who-Is-Router-To-Network,I-Am-Router-To-Network,I-Could-Be-Router-To-Network,Reject-Message-To-Network,Router-Busy-To-Network,Router-Available-To-Network,Initialize-Routing-Table,Initialize-Routing-Table-Ack,Establish-Connection-To-Network,Disconnect-Connection-To-Network,Challenge-Request,Security-Payload,Security-Response,Request-Key-Update,Update-Key-Set,Update-Distribution-Key,Request-Master-Key,Set-Master-Key,What-Is-Network-Number,Network-Number-Is";

/** Where Wireshark 4.0 prints another network message name: `value=name`. */
export const NETWORK_MESSAGE_TSHARK =
  "14=Update-Keyset,15=Update-distribution-Key,16=Request-Masterkey,17=Set-Masterkey,18=What-Is-Networknumber,19=Networknumber-Is";

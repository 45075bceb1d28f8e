// BACnetConfirmedServiceChoice and BACnetUnconfirmedServiceChoice (ASHRAE 135-2020 clause 21).
// Generated once from the standard's tables (see README.md, "Enumerations"); edit by hand, keep the format.

/** Production names of the confirmed services, by service choice (as in "ReadProperty-Request"). */
export const CONFIRMED_SERVICE_NAMES =
  "AcknowledgeAlarm,ConfirmedCOVNotification,ConfirmedEventNotification,GetAlarmSummary,GetEnrollmentSummary,SubscribeCOV,AtomicReadFile,AtomicWriteFile,AddListElement,RemoveListElement,CreateObject,DeleteObject,ReadProperty,ReadPropertyConditional,ReadPropertyMultiple,WriteProperty,WritePropertyMultiple,DeviceCommunicationControl,ConfirmedPrivateTransfer,ConfirmedTextMessage,ReinitializeDevice,VTOpen,VTClose,VTData,Authenticate,RequestKey,ReadRange,LifeSafetyOperation,SubscribeCOVProperty,GetEventInformation,SubscribeCOVPropertyMultiple,ConfirmedCOVNotificationMultiple,ConfirmedAuditNotification,AuditLogQuery,AuthRequest";

/** The names Wireshark 4.0 prints for confirmed services (`value=name`). */
export const CONFIRMED_SERVICE_TSHARK =
  "0=acknowledgeAlarm,1=confirmedCOVNotification,2=confirmedEventNotification,3=getAlarmSummary,4=getEnrollmentSummary,5=subscribeCOV,6=atomicReadFile,7=atomicWriteFile,8=addListElement,9=removeListElement,10=createObject,11=deleteObject,12=readProperty,13=readPropertyConditional,14=readPropertyMultiple,15=writeProperty,16=writePropertyMultiple,17=deviceCommunicationControl,18=confirmedPrivateTransfer,19=confirmedTextMessage,20=reinitializeDevice,21=vtOpen,22=vtClose,23=vtData,24=authenticate,25=requestKey,26=readRange,27=lifeSafetyOperation,28=subscribeCOVProperty,29=getEventInformation,30=subscribeCovPropertyMultiple,31=confirmedCovNotificationMultiple,32=confirmedAuditNotification,33=auditLogQuery";

/** Production names of the unconfirmed services, by service choice. */
export const UNCONFIRMED_SERVICE_NAMES =
  "I-Am,I-Have,UnconfirmedCOVNotification,UnconfirmedEventNotification,UnconfirmedPrivateTransfer,UnconfirmedTextMessage,TimeSynchronization,Who-Has,Who-Is,UTCTimeSynchronization,WriteGroup,UnconfirmedCOVNotificationMultiple,UnconfirmedAuditNotification,Who-Am-I,You-Are";

/** The names Wireshark 4.0 prints for unconfirmed services (`value=name`). */
export const UNCONFIRMED_SERVICE_TSHARK =
  "0=i-Am,1=i-Have,2=unconfirmedCOVNotification,3=unconfirmedEventNotification,4=unconfirmedPrivateTransfer,5=unconfirmedTextMessage,6=timeSynchronization,7=who-Has,8=who-Is,9=utcTimeSynchronization,10=writeGroup,11=unconfirmedCovNotificationMultiple,12=unconfirmedAuditNotification,13=who-am-I,14=you-are";

#include "DimseAssociation.h"

#include <unistd.h>

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include "DcmtkBridge.h"
#include "NetError.h"

namespace fv::net {
using fv::dicom::ErrorCode;

const std::vector<std::string>& uncompressedTransferSyntaxes() {
  static const std::vector<std::string> ts{UID_LittleEndianExplicitTransferSyntax,
                                           UID_LittleEndianImplicitTransferSyntax};
  return ts;
}

const std::vector<std::string>& decodableTransferSyntaxes() {
  static const std::vector<std::string> ts{
      UID_JPEG2000LosslessOnlyTransferSyntax, UID_JPEG2000TransferSyntax,
      UID_JPEG2000Part2MulticomponentImageCompressionLosslessOnlyTransferSyntax,
      UID_JPEG2000Part2MulticomponentImageCompressionTransferSyntax,
      "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",  // HTJ2K
      UID_JPEGProcess14SV1TransferSyntax, UID_JPEGProcess14TransferSyntax,
      UID_JPEGLSLosslessTransferSyntax, UID_JPEGLSLossyTransferSyntax,
      UID_JPEGProcess1TransferSyntax, UID_JPEGProcess2_4TransferSyntax,
      UID_RLELosslessTransferSyntax, UID_DeflatedExplicitVRLittleEndianTransferSyntax,
      UID_LittleEndianExplicitTransferSyntax, UID_BigEndianExplicitTransferSyntax,
      UID_LittleEndianImplicitTransferSyntax};
  return ts;
}

const std::vector<std::string>& retrieveStorageClasses() {
  static const std::vector<std::string> classes{
      UID_XRayAngiographicImageStorage, UID_EnhancedXAImageStorage,
      UID_XRayRadiofluoroscopicImageStorage, UID_EnhancedXRFImageStorage,
      UID_MRImageStorage, UID_EnhancedMRImageStorage, UID_EnhancedMRColorImageStorage,
      UID_CTImageStorage, UID_EnhancedCTImageStorage, UID_ComputedRadiographyImageStorage,
      UID_DigitalXRayImageStorageForPresentation, UID_DigitalXRayImageStorageForProcessing,
      UID_DigitalMammographyXRayImageStorageForPresentation, UID_UltrasoundImageStorage,
      UID_UltrasoundMultiframeImageStorage, UID_SecondaryCaptureImageStorage,
      UID_MultiframeSingleBitSecondaryCaptureImageStorage,
      UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage,
      UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage,
      UID_MultiframeTrueColorSecondaryCaptureImageStorage,
      UID_GrayscaleSoftcopyPresentationStateStorage, UID_ColorSoftcopyPresentationStateStorage,
      UID_KeyObjectSelectionDocumentStorage, UID_BasicTextSRStorage, UID_EnhancedSRStorage,
      UID_ComprehensiveSRStorage, UID_Comprehensive3DSRStorage, UID_EncapsulatedPDFStorage,
      UID_NuclearMedicineImageStorage, UID_PositronEmissionTomographyImageStorage,
      UID_RTImageStorage, UID_VLPhotographicImageStorage, UID_VLEndoscopicImageStorage,
      UID_VideoEndoscopicImageStorage, UID_XRay3DAngiographicImageStorage,
      UID_BreastTomosynthesisImageStorage, UID_MRSpectroscopyStorage,
      UID_RawDataStorage, UID_SpatialRegistrationStorage, UID_SegmentationStorage,
      UID_DigitalIntraOralXRayImageStorageForPresentation,
      UID_OphthalmicPhotography8BitImageStorage, UID_VLWholeSlideMicroscopyImageStorage,
      UID_LegacyConvertedEnhancedMRImageStorage, UID_LegacyConvertedEnhancedCTImageStorage};
  return classes;
}

DimseAssociation::DimseAssociation(const Node& node) : m_node(node) {
  fv::dicom::bridge::configureDcmtk();
  setAETitle(node.callingAet.c_str());
  setPeerAETitle(node.calledAet.c_str());
  setPeerHostName(node.host.c_str());
  setPeerPort(node.port);
  const Uint32 t = static_cast<Uint32>(node.timeoutSeconds > 0 ? node.timeoutSeconds : 30);
  setConnectionTimeout(static_cast<Sint32>(t));
  setACSETimeout(t);
  setDIMSETimeout(t);
  setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  // A read or write stuck inside a PDU is bounded only by DCMTK's socket timeouts (60 s by
  // default). They are process-wide in DCMTK 3.6.7: the newest association's value applies.
  dcmSocketReceiveTimeout.set(static_cast<Sint32>(t));
  dcmSocketSendTimeout.set(static_cast<Sint32>(t));
  setMaxReceivePDULength(ASC_MAXIMUMPDUSIZE > 131072 ? 131072 : ASC_MAXIMUMPDUSIZE);
  setVerbosePCMode(OFFalse);
}

DimseAssociation::~DimseAssociation() { close(true); }

fv::dicom::Status DimseAssociation::open(const std::vector<ProposedContext>& contexts,
                                         const std::string& what) {
  for (const auto& c : contexts) {
    OFList<OFString> ts;
    for (const auto& t : c.transferSyntaxes) ts.push_back(t.c_str());
    if (addPresentationContext(c.abstractSyntax.c_str(), ts, c.role).bad())
      return nodeError(ErrorCode::InvalidArgument, m_node, what + ": too many presentation contexts");
  }
  if (m_node.tls) {
    m_tls = std::make_unique<DcmTLSTransportLayer>(NET_REQUESTOR, nullptr, OFTrue);
    const auto& s = m_node.tlsSettings;
    if (m_tls->setTLSProfile(TSP_Profile_BCP195).bad() || m_tls->activateCipherSuites().bad())
      return nodeError(ErrorCode::Internal, m_node, what + ": the TLS profile (BCP 195) cannot be set up");
    if (!s.certFile.empty() && !s.keyFile.empty()) {
      if (m_tls->setPrivateKeyFile(s.keyFile.c_str(), DCF_Filetype_PEM).bad() ||
          m_tls->setCertificateFile(s.certFile.c_str(), DCF_Filetype_PEM).bad() ||
          !m_tls->checkPrivateKeyMatchesCertificate())
        return nodeError(ErrorCode::InvalidArgument, m_node,
                         what + ": our TLS certificate or key cannot be read or do not match");
    }
    const std::string ca = !s.caFile.empty() ? s.caFile : "/etc/ssl/certs/ca-certificates.crt";
    if (s.verifyPeer) {
      if (::access(ca.c_str(), R_OK) != 0 ||
          m_tls->addTrustedCertificateFile(ca.c_str(), DCF_Filetype_PEM).bad())
        return nodeError(ErrorCode::InvalidArgument, m_node,
                         what + ": the trusted certificates cannot be read (" + ca + ")");
      m_tls->setCertificateVerification(DCV_requireCertificate);
    } else {
      m_tls->setCertificateVerification(DCV_ignoreCertificate);
    }
  }
  OFCondition c = initNetwork();
  if (c.bad()) return networkError(c, m_node, what);
  if (m_tls && useSecureConnection(m_tls.get()).bad())  // needs the initialised network
    return nodeError(ErrorCode::Internal, m_node, what + ": the TLS layer cannot be attached");
  c = negotiateAssociation();
  if (c.bad()) return networkError(c, m_node, what);
  return {};
}

void DimseAssociation::close(bool abort) {
  if (!isConnected()) return;
  if (abort)
    (void)abortAssociation();
  else
    (void)releaseAssociation();
}

T_ASC_PresentationContextID DimseAssociation::acceptedContext(const std::string& abstractSyntax) {
  return findAnyPresentationContextID(abstractSyntax.c_str(), "");
}

}  // namespace fv::net

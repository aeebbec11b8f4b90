#include "annotate/commands/accept_proposals.h"

#include "annotate/commands/command_support.h"

namespace crowdkd::ui {

AcceptProposalsCommand::AcceptProposalsCommand(AnnotationDocument* document,
                                               const QVector<int>& proposalIndices)
    : m_document(document)
    , m_proposalIndices(sortedUnique(proposalIndices)) {
    setText(AnnotationCommands::tr("Accept %n proposed head(s)", nullptr,
                                   static_cast<int>(m_proposalIndices.size())));
}

void AcceptProposalsCommand::redo() {
    m_proposals = m_document->takeProposals(m_proposalIndices);
    QVector<QPointF> points;
    m_headIndices.clear();
    for (const ProposedHead& proposal : m_proposals) {
        m_headIndices.append(m_document->count() + static_cast<int>(points.size()));
        points.append(proposal.position);
    }
    m_document->insertHeads(m_headIndices, points);
    m_document->setSelection(m_headIndices);
    m_document->countAcceptance(static_cast<int>(m_proposals.size()), 1);
}

void AcceptProposalsCommand::undo() {
    m_document->takeHeads(m_headIndices);
    m_document->insertProposals(m_proposalIndices, m_proposals);
    m_document->countAcceptance(-static_cast<int>(m_proposals.size()), -1);
}

} // namespace crowdkd::ui

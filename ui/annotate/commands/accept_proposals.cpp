#include "annotate/commands/accept_proposals.h"

#include "annotate/commands/command_support.h"

#include <vector>

namespace crowdkd::ui {

AcceptProposalsCommand::AcceptProposalsCommand(AnnotationDocument* document,
                                               const QVector<int>& proposalIndices)
    : m_document(document)
    , m_proposalIndices(sortedUnique(proposalIndices)) {
    for (int index : m_proposalIndices)
        m_proposals.append(document->proposals().at(index));
    setText(AnnotationCommands::tr("Accept %n proposed head(s)", nullptr,
                                   static_cast<int>(m_proposalIndices.size())));
}

void AcceptProposalsCommand::redo() {
    // Those of its proposals still shown leave the list, wherever they stand now; usually where
    // they stood (the first redo, or nothing changed since), found without a search.
    const QVector<ProposedHead>& shown = m_document->proposals();
    const auto isAt = [&](qsizetype k) {
        const int i = m_proposalIndices[k];
        return i < shown.size() && shown[i].position == m_proposals[k].position &&
               shown[i].unsure == m_proposals[k].unsure;
    };
    bool inPlace = true;
    for (qsizetype k = 0; k < m_proposals.size() && inPlace; ++k)
        inPlace = isAt(k);
    std::vector<char> taken(shown.size(), 0);
    QVector<int> leaving = inPlace ? m_proposalIndices : QVector<int>();
    for (const ProposedHead& proposal : inPlace ? QVector<ProposedHead>() : m_proposals)
        for (int i = 0; i < shown.size(); ++i)
            if (!taken[i] && shown[i].position == proposal.position &&
                shown[i].unsure == proposal.unsure) {
                taken[i] = 1;
                leaving.append(i);
                break;
            }
    if (!leaving.isEmpty())
        m_document->takeProposals(sortedUnique(leaving));
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
    m_document->insertProposals(m_proposalIndices, m_proposals); // clamped to the list as it is
    m_document->countAcceptance(-static_cast<int>(m_proposals.size()), -1);
}

} // namespace crowdkd::ui

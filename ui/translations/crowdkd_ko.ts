<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>AnnotationCommands</name>
    <message>
        <source>Add head at (%1, %2)</source>
        <translation>머리 추가 (%1, %2)</translation>
    </message>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation><numerusform>머리 %n개 이동</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation><numerusform>머리 %n개 삭제</numerusform></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>CrowdKD Studio: label, train, distill and ship crowd counters</source>
        <translation>CrowdKD Studio: 군중 주석, 학습, 지식 증류, 계수 모델 배포</translation>
    </message>
    <message>
        <source>Workspace to start in: dataset, annotate, train, compare or count.</source>
        <translation>시작할 작업 공간: dataset, annotate, train, compare, count 중 하나.</translation>
    </message>
    <message>
        <source>User interface language: ko or en (default: the language chosen in the studio, else the system language).</source>
        <translation>사용자 인터페이스 언어: ko 또는 en (기본값: 스튜디오에서 고른 언어, 없으면 시스템 언어).</translation>
    </message>
    <message>
        <source>Dataset folders or images to open.</source>
        <translation>열 데이터셋 폴더나 이미지.</translation>
    </message>
    <message>
        <source>unknown language '%1' (use ko or en)</source>
        <translation>알 수 없는 언어 '%1' (ko 또는 en을 쓰세요)</translation>
    </message>
    <message>
        <source>unknown workspace '%1' (use dataset, annotate, train, compare or count)</source>
        <translation>알 수 없는 작업 공간 '%1' (dataset, annotate, train, compare, count 중 하나를 쓰세요)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message>
        <source>Display</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Head marker size</source>
        <translation>머리 표시 크기</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Head marker colour</source>
        <translation>머리 표시 색</translation>
    </message>
    <message>
        <source>Show density map</source>
        <translation>밀집도 맵 보기</translation>
    </message>
    <message>
        <source>Density map opacity</source>
        <translation>밀집도 맵 불투명도</translation>
    </message>
    <message>
        <source>Edit history</source>
        <translation>편집 기록</translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation>&lt;열었을 때&gt;</translation>
    </message>
    <message>
        <source>&amp;Save Annotation</source>
        <translation>주석 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the head annotation into the dataset (Ctrl+S)</source>
        <translation>머리 위치 주석을 데이터셋에 저장 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save Annotation &amp;As…</source>
        <translation>다른 이름으로 주석 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Select &amp;All Heads</source>
        <translation>모든 머리 선택(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete Selected Heads</source>
        <translation>선택한 머리 삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>창에 맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>실제 크기 (1:1)(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>이전 이미지(&amp;P)</translation>
    </message>
    <message>
        <source>Previous image (A, Page Up)</source>
        <translation>이전 이미지 (A, Page Up)</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>다음 이미지(&amp;N)</translation>
    </message>
    <message>
        <source>Next image (D, Page Down)</source>
        <translation>다음 이미지 (D, Page Down)</translation>
    </message>
    <message>
        <source>Density &amp;Map Overlay</source>
        <translation>밀집도 맵 겹쳐 보기(&amp;M)</translation>
    </message>
    <message>
        <source>Show the density map computed from the heads (M)</source>
        <translation>머리 위치로 계산한 밀집도 맵 보기 (M)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 heads, %3 selected</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;머리 %2개, %3개 선택됨</translation>
    </message>
    <message>
        <source>No image open.</source>
        <translation>열린 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Head Marker Colour</source>
        <translation>머리 표시 색</translation>
    </message>
    <message>
        <source>Cannot Open Image</source>
        <translation>이미지를 열 수 없음</translation>
    </message>
    <message>
        <source>The image could not be opened:
%1</source>
        <translation>이미지를 열 수 없습니다:
%1</translation>
    </message>
    <message>
        <source>Recover Unsaved Edits</source>
        <translation>저장하지 않은 편집 복구</translation>
    </message>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation><numerusform>%2에 자동 저장된 %1의 편집 내용이 있습니다 (머리 %n개). 복구할까요?</numerusform></translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>복구</translation>
    </message>
    <message>
        <source>Recover autosaved edits</source>
        <translation>자동 저장된 편집 복구</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>The head annotation of %1 has unsaved changes.</source>
        <translation>%1의 머리 위치 주석에 저장하지 않은 변경 사항이 있습니다.</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>계속하기 전에 저장할까요?</translation>
    </message>
    <message>
        <source>Cannot Save Here</source>
        <translation>이 위치에 저장할 수 없음</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Your edits are kept; choose another folder to save them in.</source>
        <translation>편집 내용은 그대로 남아 있습니다. 저장할 다른 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>The dataset is read-only: %1 cannot be written.</source>
        <translation>데이터셋이 읽기 전용이라 %1에 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>The annotation could not be saved:
%1</source>
        <translation>주석을 저장하지 못했습니다:
%1</translation>
    </message>
    <message>
        <source>Save Annotation As</source>
        <translation>다른 이름으로 주석 저장</translation>
    </message>
    <message>
        <source>ShanghaiTech ground truth (*.mat)</source>
        <translation>ShanghaiTech 정답 주석 (*.mat)</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>저장할 수 없음</translation>
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation><numerusform>CrowdKD Studio가 정상적으로 종료되지 않았습니다. 이미지 %n장의 저장하지 않은 머리 위치 주석이 남아 있습니다: %1.</numerusform></translation>
    </message>
    <message>
        <source>Open the most recent one now? The others are offered when you open their images.</source>
        <translation>가장 최근 것을 지금 열까요? 나머지는 해당 이미지를 열 때 복구를 제안합니다.</translation>
    </message>
    <message>
        <source>Open and Recover</source>
        <translation>열어서 복구</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationCanvas</name>
    <message>
        <source>No image.
Open a dataset and pick an image, or drop an image here.</source>
        <translation>이미지가 없습니다.
데이터셋을 열고 이미지를 고르거나, 이미지를 여기에 끌어다 놓으세요.</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationDocument</name>
    <message>
        <source>Untitled</source>
        <translation>제목 없음</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>머리 %n개</numerusform></translation>
    </message>
    <message>
        <source>declares %1 heads but lists %2</source>
        <translation>선언된 머리 수는 %1개인데 좌표는 %2개입니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetSession</name>
    <message>
        <source>no ShanghaiTech split (images/ and ground-truth/) was found in this folder</source>
        <translation>이 폴더에서 ShanghaiTech 분할(images/와 ground-truth/)을 찾지 못했습니다</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message>
        <source>Splits</source>
        <translation>분할</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>통계</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>발견된 문제</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>이름으로 거르기</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>머리 수:</translation>
    </message>
    <message>
        <source>Show images with at least this many heads</source>
        <translation>머리 수가 이 값 이상인 이미지만 보기</translation>
    </message>
    <message>
        <source>Show images with at most this many heads (∞: no limit)</source>
        <translation>머리 수가 이 값 이하인 이미지만 보기 (∞: 제한 없음)</translation>
    </message>
    <message>
        <source>Has problems</source>
        <translation>문제 있음</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>편집됨</translation>
    </message>
    <message>
        <source>Only images whose annotation was edited in the studio</source>
        <translation>스튜디오에서 주석을 편집한 이미지만 보기</translation>
    </message>
    <message>
        <source>Sort by name</source>
        <translation>이름순</translation>
    </message>
    <message>
        <source>Fewest heads first</source>
        <translation>머리 수 적은 순</translation>
    </message>
    <message>
        <source>Most heads first</source>
        <translation>머리 수 많은 순</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>격자</translation>
    </message>
    <message>
        <source>List</source>
        <translation>목록</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation><numerusform>%1 (이미지 %n장)</numerusform></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%2장 중 %1장 표시</translation>
    </message>
    <message>
        <source>%1
Double-click to show the file's folder.</source>
        <translation>%1
두 번 누르면 파일이 있는 폴더를 엽니다.</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>문제가 없습니다.</translation>
    </message>
    <message>
        <source>Problems found (%1)</source>
        <translation>발견된 문제 (%1)</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message>
        <source>Cannot Open Dataset</source>
        <translation>데이터셋을 열 수 없음</translation>
    </message>
    <message>
        <source>%1 could not be opened as a dataset:
%2</source>
        <translation>%1을(를) 데이터셋으로 열 수 없습니다:
%2</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Annotate</source>
        <translation>주석</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>계수</translation>
    </message>
    <message>
        <source>Browse the dataset: splits, images, head counts, statistics, problems</source>
        <translation>데이터셋 둘러보기: 분할, 이미지, 머리 수, 통계, 문제</translation>
    </message>
    <message>
        <source>Annotate head positions on one image</source>
        <translation>이미지 한 장에 머리 위치 주석 달기</translation>
    </message>
    <message>
        <source>Train the teacher and distill the student (coming later)</source>
        <translation>교사 모델 학습과 학생 모델로의 지식 증류 (추후 제공)</translation>
    </message>
    <message>
        <source>Compare models on a split (coming later)</source>
        <translation>분할 하나에서 모델 비교 (추후 제공)</translation>
    </message>
    <message>
        <source>Count people with a trained model (coming later)</source>
        <translation>학습된 모델로 인원 계수 (추후 제공)</translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>데이터셋 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a dataset folder (Ctrl+O)</source>
        <translation>데이터셋 폴더 열기 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>이미지 열기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open &amp;Sample Dataset</source>
        <translation>예제 데이터셋 열기(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Close Dataset</source>
        <translation>데이터셋 닫기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경설정(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About CrowdKD Studio</source>
        <translation>CrowdKD Studio 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 데이터셋(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation>작업 공간(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>작업 공간</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>기본 도구 모음</translation>
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>머리 %n개</numerusform></translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>배율 %1%</translation>
    </message>
    <message>
        <source>● Modified</source>
        <translation>● 수정됨</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>%1[*] — CrowdKD Studio</source>
        <translation>%1[*] — CrowdKD Studio</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>열린 데이터셋 없음</translation>
    </message>
    <message>
        <source>CrowdKD Studio</source>
        <translation>CrowdKD Studio</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 여는 중…</translation>
    </message>
    <message>
        <source>No Sample Dataset</source>
        <translation>예제 데이터셋 없음</translation>
    </message>
    <message>
        <source>The sample dataset is not installed with this build.</source>
        <translation>이 빌드에는 예제 데이터셋이 설치되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>Cannot Open</source>
        <translation>열 수 없음</translation>
    </message>
    <message>
        <source>%1 is neither a dataset folder nor an image.</source>
        <translation>%1은(는) 데이터셋 폴더도 이미지도 아닙니다.</translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation>데이터셋 열기</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>이미지 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Clear Recent Datasets</source>
        <translation>최근 데이터셋 목록 지우기</translation>
    </message>
    <message>
        <source>About CrowdKD Studio</source>
        <translation>CrowdKD Studio 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;군중 이미지에 주석을 달고, M-SFANet 교사 모델을 학습해 작은 MCNN 학생 모델로 지식 증류한 뒤 배포합니다.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (빌드: %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::PlaceholderWorkspace</name>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>&lt;p&gt;This workspace will train the M-SFANet teacher model and distill it into the tiny MCNN student model (knowledge distillation: loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)).&lt;/p&gt;&lt;p&gt;It will hold the run settings (α, learning-rate schedule, epochs), live loss and MAE/RMSE curves, and checkpoints you can load from the reference PyTorch code.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Coming in a later version.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;이 작업 공간에서는 M-SFANet 교사 모델을 학습하고 작은 MCNN 학생 모델로 지식 증류합니다 (손실 = (1 − α)·MSE(학생, 정답) + α·MSE(학생, 교사)).&lt;/p&gt;&lt;p&gt;학습 설정(α, 학습률 스케줄, 에포크), 실시간 손실 및 MAE/RMSE 곡선, 참조 PyTorch 코드의 체크포인트 불러오기가 들어갈 예정입니다.&lt;/p&gt;&lt;p&gt;&lt;i&gt;다음 버전에서 제공됩니다.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>&lt;p&gt;This workspace will compare models on a split: teacher against student, student against ground truth, with MAE/RMSE, per-image count errors and density maps side by side.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Coming in a later version.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;이 작업 공간에서는 분할 하나에서 모델을 비교합니다: 교사 대 학생, 학생 대 정답을 MAE/RMSE, 이미지별 계수 오차, 밀집도 맵으로 나란히 봅니다.&lt;/p&gt;&lt;p&gt;&lt;i&gt;다음 버전에서 제공됩니다.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>계수</translation>
    </message>
    <message>
        <source>&lt;p&gt;This workspace will count the people in your own images and videos with a trained student model, show its density map and export the model for embedded devices.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Coming in a later version.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;이 작업 공간에서는 학습된 학생 모델로 내 이미지와 영상의 인원을 세고, 밀집도 맵을 보여 주며, 임베디드 기기용으로 모델을 내보냅니다.&lt;/p&gt;&lt;p&gt;&lt;i&gt;다음 버전에서 제공됩니다.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>환경설정</translation>
    </message>
    <message>
        <source> s</source>
        <translation>초</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>끄기</translation>
    </message>
    <message>
        <source>Save into the dataset without asking when switching images</source>
        <translation>이미지를 바꿀 때 묻지 않고 데이터셋에 저장</translation>
    </message>
    <message>
        <source>Autosave unsaved edits every</source>
        <translation>저장하지 않은 편집 자동 저장 간격</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::SplitStatisticsView</name>
    <message>
        <source>heads per image</source>
        <translation>이미지당 머리 수</translation>
    </message>
    <message>
        <source>images</source>
        <translation>이미지 수</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Not annotated yet</source>
        <translation>아직 주석 없음</translation>
    </message>
    <message>
        <source>Counted so far</source>
        <translation>지금까지 센 이미지</translation>
    </message>
    <message>
        <source>Total heads</source>
        <translation>전체 머리 수</translation>
    </message>
    <message>
        <source>Min / max heads</source>
        <translation>최소 / 최대 머리 수</translation>
    </message>
    <message>
        <source>Mean heads</source>
        <translation>평균 머리 수</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::ThumbnailDelegate</name>
    <message>
        <source>new</source>
        <translation>새 이미지</translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::WelcomePage</name>
    <message>
        <source>Welcome to CrowdKD Studio</source>
        <translation>CrowdKD Studio에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.</source>
        <translation>군중 이미지에 머리 위치 주석을 달고, 큰 교사 모델을 학습해 작은 학생 모델로 지식 증류한 뒤 배포하세요.</translation>
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation>데이터셋 열기…</translation>
    </message>
    <message>
        <source>Open the Sample Dataset</source>
        <translation>예제 데이터셋 열기</translation>
    </message>
    <message>
        <source>A few ShanghaiTech part A images with their head annotations, bundled with the studio</source>
        <translation>스튜디오에 함께 들어 있는 ShanghaiTech part A 이미지 몇 장과 머리 위치 주석</translation>
    </message>
    <message>
        <source>Recent datasets</source>
        <translation>최근 데이터셋</translation>
    </message>
    <message>
        <source>A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.</source>
        <translation>데이터셋은 ShanghaiTech 구조의 폴더입니다: 분할(train_data, test_data)마다 images/와 ground-truth/가 들어 있습니다. 데이터셋 폴더나 이미지를 이 창에 끌어다 놓아도 됩니다.</translation>
    </message>
</context>
</TS>